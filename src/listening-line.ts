/** The one line `npm start` prints for a person: where to open the service, and what runs in it. */
export function listeningLine(port: number, worker: boolean): string {
  return worker
    ? `Collective 360 is listening on http://localhost:${port}, with the worker in this process`
    : `Collective 360 is listening on http://localhost:${port}, without the worker (run it apart: npm run worker, or node dist/worker.js)`;
}
