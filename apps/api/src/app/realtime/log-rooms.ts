/** socket.io rooms of log subscribers: one per car, one per car and workload. */
export function logRoom(carId: string, workload?: string): string {
  return workload === undefined ? `logs:${carId}` : `logs:${carId}:${workload}`;
}
