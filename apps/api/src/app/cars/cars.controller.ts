import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateCarDto,
  CreateCarsDto,
  ListCarsQueryDto,
  SetVehicleStateDto,
} from '@fleet/shared/contracts';
import type { CarStatus, CarView } from '@fleet/shared/contracts';
import { CarsService } from './cars.service';

@ApiTags('cars')
@Controller('cars')
export class CarsController {
  constructor(private readonly cars: CarsService) {}

  /** Lists the cars, paged and filtered (live state): a `Page<CarView>` as JSON text built from cached car JSON. */
  @Get()
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ description: 'Page<CarView>: items, total, page, pageSize' })
  listCars(@Query() query: ListCarsQueryDto): string {
    return this.cars.listJson(query);
  }

  /** One car (404 when unknown). */
  @Get(':id')
  getCar(@Param('id') id: string): CarView {
    return this.cars.get(id);
  }

  /** One car with the execution state and health of every workload. */
  @Get(':id/status')
  getCarStatus(@Param('id') id: string): CarStatus {
    return this.cars.status(id);
  }

  /** Creates a car and starts its agent (409 when the name is taken). */
  @Post()
  createCar(@Body() dto: CreateCarDto): Promise<CarView> {
    return this.cars.create(dto);
  }

  /** Creates `count` cars in one region. */
  @Post('batch')
  createCars(@Body() dto: CreateCarsDto): Promise<CarView[]> {
    return this.cars.createMany(dto);
  }

  /**
   * Parks or drives an online car; answers once the car confirmed (409 offline, 503 no broker connection: nothing
   * is queued, 504 no answer in 10 s: the command is withdrawn, so a reconnect cannot deliver it later).
   */
  @Put(':id/state')
  setVehicleState(
    @Param('id') id: string,
    @Body() dto: SetVehicleStateDto,
  ): Promise<CarView> {
    return this.cars.setVehicleState(id, dto);
  }

  /** Stops the car's agent and deletes the car. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  deleteCar(@Param('id') id: string): Promise<void> {
    return this.cars.remove(id);
  }
}
