import { Inject } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { AppConfig, loadConfig } from './env.validation';

/** The only place the service reads process.env; validated when the app starts. */
export const appConfig = registerAs('app', (): AppConfig => loadConfig(process.env));

export const readProcessConfig = (): AppConfig => loadConfig(process.env);

/** Injects the typed, validated configuration. */
export const InjectAppConfig = (): ParameterDecorator => Inject(appConfig.KEY);
