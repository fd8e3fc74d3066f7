export declare const SYSTEM_PROGRAMS: Record<string, string>;
export declare function findProgram(program: string): string | undefined;
export declare function ensureSystemPrograms(programs?: string[]): void;
