export { foldEvents, type ReadModel } from './runner/read-model';
export { startProjectionRunner, type ProjectionFailure, type ProjectionRunner, type ProjectionRunnerOptions } from './runner/projection-runner';
