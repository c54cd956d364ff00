import { Module } from '@nestjs/common';
import { PathwaysController } from './pathways.controller';

@Module({ controllers: [PathwaysController] })
export class PathwaysModule {}
