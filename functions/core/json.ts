/** JSON values as the API writes them (domain objects are turned into these at the edge). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
