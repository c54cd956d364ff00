import { Module } from '@nestjs/common';
import { AccommodationController } from './accommodation.controller';

/** Schemes, units, vacancies and waiting lists (issue 11). */
@Module({ controllers: [AccommodationController] })
export class AccommodationModule {}
