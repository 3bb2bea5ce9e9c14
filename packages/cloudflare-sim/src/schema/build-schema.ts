import { buildSchema, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLSchema } from 'graphql';
import { installScalars } from './scalars.js';
import { buildSdl } from './sdl.js';

let schema: GraphQLSchema | undefined;

/**
 * The simulator's schema, built once per process. GraphQL's own Int, Float and ID are added although no field
 * uses them, because clients declare variables with them (`$limit: Int!`) and Cloudflare accepts that.
 */
export function simulatorSchema(): GraphQLSchema {
  if (schema === undefined) {
    const built = buildSchema(buildSdl());
    installScalars(built);
    const config = built.toConfig();
    schema = new GraphQLSchema({ ...config, types: [...config.types, GraphQLInt, GraphQLFloat, GraphQLID] });
  }
  return schema;
}
