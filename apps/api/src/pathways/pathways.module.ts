import { Module } from '@nestjs/common';
import { PathwayCommandsService } from './pathway-commands.service';
import { PathwaysController } from './pathways.controller';

@Module({ controllers: [PathwaysController], providers: [PathwayCommandsService], exports: [PathwayCommandsService] })
export class PathwaysModule {}
