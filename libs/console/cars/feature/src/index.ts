export * from './lib/cars.routes';
export * from './lib/cars-page/cars-page';
export * from './lib/car-detail/car-detail-page';
