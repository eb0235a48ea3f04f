import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/env.validation';
import { appConfig } from '../../config/app.config';
import { MailModule } from '../mail/mail.module';
import { OutboxModule } from '../outbox/outbox.module';
import { Person } from '../organisations/person.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { HomeController } from './home.controller';
import { HomeSections } from './home-sections';
import { SessionService } from './session.service';
import { SignInLink } from './sign-in-link.entity';
import { SignInLimiter } from './sign-in-limiter';
import { SignInLinkComposer } from './sign-in-link.composer';
import { SignInPagesController } from './sign-in-pages.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([Person, SignInLink]),
    JwtModule.registerAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        // A KeyObject: given a string, jsonwebtoken first tries it as a PEM public key, and that
        // failed parse was a fifth of every authenticated request's time.
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
    MailModule,
    OutboxModule,
  ],
  controllers: [AuthController, SignInPagesController, HomeController],
  providers: [
    AuthService,
    SessionService,
    SignInLinkComposer,
    SignInLimiter,
    HomeSections,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SessionService, HomeSections],
})
export class AuthModule {}
