import { Module } from '@nestjs/common';
import { LocalLoginController } from '../auth/local-login.controller';
import { WebAssetsController } from './web-assets.controller';

/** The pages the API serves to browsers: local sign-in (embedded default only) and the QA panel's worklist. */
@Module({ controllers: [LocalLoginController, WebAssetsController] })
export class WebModule {}
