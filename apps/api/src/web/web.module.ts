import { Module } from '@nestjs/common';
import { LocalLoginController } from '../auth/local-login.controller';
import { DesignSystemAssetsController } from './design-system-assets.controller';
import { WebAssetsController } from './web-assets.controller';

/**
 * The pages the API serves to browsers: local sign-in (embedded default only), the panel, dashboard and audit
 * pages, and the pages on the GOV.UK and MOJ design systems with those systems' assets.
 */
@Module({ controllers: [LocalLoginController, WebAssetsController, DesignSystemAssetsController] })
export class WebModule {}
