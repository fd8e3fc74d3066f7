import { type DynamicModule, Module } from '@nestjs/common';
import { MixinBlazeModule, type MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import { EchoHandler } from './echo.handler.js';

@Module({})
export class AppModule {
  static forRoot(options: MixinBlazeModuleOptions): DynamicModule {
    return { module: AppModule, imports: [MixinBlazeModule.forRoot(options)], providers: [EchoHandler] };
  }
}
