import { type ErrorKind, ServiceError } from '../core/errors';

/** A Neutron error: the HTTP class plus Neutron's exception type name for the NeutronError body. */
export class NeutronFault extends ServiceError {
  constructor(
    kind: ErrorKind,
    readonly type: string,
    message: string,
  ) {
    super(kind, message);
  }
}
