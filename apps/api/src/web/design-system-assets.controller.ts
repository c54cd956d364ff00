import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { NotFoundProblem } from '../problems/problem-details';
import { ACCOMMODATION_PAGE } from './accommodation-page';
import { CASELOAD_PAGE } from './caseload-page';
import { PATHWAY_PAGE } from './pathway-page';
import { REFERRAL_PAGE } from './referral-page';
import { asWebResource } from './http-headers';

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A folder of static files, listed once: only a file that is in it is served, so no path can climb out. */
class AssetFolder {
  private files?: Set<string>;
  constructor(private readonly folder: () => string) {}

  read(file: string): { body: Buffer; contentType: string } {
    this.files ??= new Set(readdirSync(this.folder()));
    const contentType = CONTENT_TYPES[extname(file)];
    if (!this.files.has(file) || !contentType) throw new NotFoundProblem(`no asset ${file}`);
    return { body: readFileSync(join(this.folder(), file)), contentType };
  }
}

const govukDist = () => dirname(require.resolve('govuk-frontend'));
const GOVUK = new AssetFolder(govukDist);
const MOJ = new AssetFolder(() => dirname(require.resolve('@ministryofjustice/frontend')));
// GOV.UK Frontend's stylesheet asks for its fonts and images at /assets/fonts/ and /assets/images/.
const FONTS = new AssetFolder(() => join(govukDist(), 'assets/fonts'));
const IMAGES = new AssetFolder(() => join(govukDist(), 'assets/images'));
/** The pages' own scripts, bundled from apps/web by the build. */
const PAGE_SCRIPTS = new AssetFolder(() => join(dirname(require.resolve('@sarp/web/package.json')), 'dist/pages'));

/**
 * The pages built on the GOV.UK and MOJ design systems, and those systems' assets from their npm
 * packages (the same origin, so the strict CSP holds). Public on purpose: static text for everyone,
 * no personal data; everything personal comes from the API with the signed-in user's token.
 */
@Controller()
export class DesignSystemAssetsController {
  @Get('caseload')
  @Public()
  caseload(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/html; charset=utf-8');
    return CASELOAD_PAGE;
  }

  @Get('referrals/new')
  @Public()
  referralForm(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/html; charset=utf-8');
    return REFERRAL_PAGE;
  }

  @Get('accommodation')
  @Public()
  accommodation(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/html; charset=utf-8');
    return ACCOMMODATION_PAGE;
  }

  @Get('case/:pathwayId')
  @Public()
  pathway(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/html; charset=utf-8');
    return PATHWAY_PAGE;
  }

  @Get('assets/govuk-frontend.min.css')
  @Public()
  govukStyles(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return send(reply, GOVUK, 'govuk-frontend.min.css');
  }

  @Get('assets/moj-frontend.min.css')
  @Public()
  mojStyles(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return send(reply, MOJ, 'moj-frontend.min.css');
  }

  @Get('assets/fonts/:file')
  @Public()
  font(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return send(reply, FONTS, file);
  }

  @Get('assets/images/:file')
  @Public()
  image(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return send(reply, IMAGES, file);
  }

  @Get('web/pages/:file')
  @Public()
  pageScript(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return send(reply, PAGE_SCRIPTS, file);
  }
}

function send(reply: FastifyReply, folder: AssetFolder, file: string): Buffer {
  const asset = folder.read(file);
  asWebResource(reply, asset.contentType);
  return asset.body;
}
