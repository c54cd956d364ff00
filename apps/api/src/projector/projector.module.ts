import { Module } from '@nestjs/common';
import { PathwayProjector } from './pathway-projector';

@Module({ providers: [PathwayProjector], exports: [PathwayProjector] })
export class ProjectorModule {}
