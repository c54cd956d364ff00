import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AUDIT_PAGE, SUBJECT_ACCESS_PAGE } from './audit-page';
import { DASHBOARD_PAGE } from './dashboard-page';
import { asWebResource } from './http-headers';
import { PANEL_PAGE } from './panel-page';

/**
 * The QA panel's worklist, the auditors' pages and the dashboard (their scripts are apps/web's bundles,
 * served with the other design-system pages), and Chart.js for the dashboard.
 *
 * Public on purpose: they are the same static text for everyone and carry no
 * personal data. Everything personal comes from the API afterwards, with the
 * signed-in user's bearer token, through routes that check it.
 */
@Controller()
export class WebAssetsController {
  @Get('panel')
  @Public()
  panel(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/html; charset=utf-8');
    return PANEL_PAGE;
  }

  @Get('audit')
  @Public()
  audit(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/html; charset=utf-8');
    return AUDIT_PAGE;
  }

  @Get('subject-access')
  @Public()
  subjectAccess(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/html; charset=utf-8');
    return SUBJECT_ACCESS_PAGE;
  }

  @Get('dashboard')
  @Public()
  dashboard(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/html; charset=utf-8');
    return DASHBOARD_PAGE;
  }

  /** Chart.js as its npm package ships it (UMD build), from this origin: the page runs no third-party script. */
  @Get('web/chart.js')
  @Public()
  chartScript(@Res({ passthrough: true }) reply: FastifyReply): string {
    asWebResource(reply, 'text/javascript; charset=utf-8');
    return chartScript();
  }
}

let chartSource: string | undefined;

/** Read once, on first use: the package exports no path to its browser build, so it is found beside its main file. */
function chartScript(): string {
  chartSource ??= readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  return chartSource;
}
