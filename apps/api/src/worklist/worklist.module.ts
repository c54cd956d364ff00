import { Module } from '@nestjs/common';
import { PathwaysModule } from '../pathways/pathways.module';
import { WorklistController } from './worklist.controller';

@Module({ imports: [PathwaysModule], controllers: [WorklistController] })
export class WorklistModule {}
