import { DynamicModule, Module } from '@nestjs/common';
import { MixinBlazeModule, MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import { EchoHandler } from './echo.handler';

@Module({})
export class AppModule {
  static forRoot(options: MixinBlazeModuleOptions): DynamicModule {
    return { module: AppModule, imports: [MixinBlazeModule.forRoot(options)], providers: [EchoHandler] };
  }
}
