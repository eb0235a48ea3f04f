import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { AppConfig } from '../../config/env.validation';
import { SessionService } from './session.service';

describe('SessionService.verify', () => {
  const secret = createSecretKey(Buffer.from('a-test-secret-of-enough-length-0123456789'));
  const jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256' } });
  const sessions = () => new SessionService(jwt, { sessionTtlSeconds: 60 } as AppConfig);
  const person = {
    id: '6f1c2b7e-1d2a-4c8e-9a51-0d6f3b2a9e11',
    organisationId: '0b8f6c1d-3e2a-4f5b-8c7d-9e0a1b2c3d4e',
  };

  it('gives the claims of a good token, again and again', async () => {
    const service = sessions();
    const { accessToken } = await service.issue(person);
    const expected = { sub: person.id, org: person.organisationId };
    expect(await service.verify(accessToken)).toEqual(expected);
    expect(await service.verify(accessToken)).toEqual(expected);
  });

  it('refuses a token once it has expired, though it was verified while good', async () => {
    const service = sessions();
    const { accessToken, expiresAt } = await service.issue(person);
    expect(await service.verify(accessToken)).not.toBeNull();
    expect(await service.verify(accessToken, expiresAt.getTime() + 1000)).toBeNull();
  });

  it('refuses forged, tampered and malformed tokens, every time', async () => {
    const service = sessions();
    const { accessToken } = await service.issue(person);
    const forged = await new JwtService({ secret: 'another-secret-entirely-0123456789' }).signAsync(
      {
        sub: person.id,
        org: person.organisationId,
      },
    );
    const [head, , signature] = accessToken.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ sub: 'x', org: 'y', exp: 9e9 })).toString('base64url')}.${signature}`;
    for (const token of [forged, tampered, 'not-a-jwt', '']) {
      expect(await service.verify(token)).toBeNull();
      expect(await service.verify(token)).toBeNull();
    }
  });
});
