import { listeningLine } from './listening-line';

describe('listeningLine', () => {
  it('says where the service listens and that the worker runs in the same process', () => {
    expect(listeningLine(3000, true)).toBe(
      'Collective 360 is listening on http://localhost:3000, with the worker in this process',
    );
  });

  it('says how to run the worker when this process serves HTTP only', () => {
    expect(listeningLine(8080, false)).toMatch(
      /^Collective 360 is listening on http:\/\/localhost:8080, without the worker \(run it apart/,
    );
  });
});
