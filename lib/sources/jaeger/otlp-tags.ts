import { WIRE } from './protobuf';

/**
 * Field tags (field number and wire type in one varint) of the OTLP and Jaeger messages the hand
 * decoders read: AnyValue, KeyValue, Span, Status, ResourceSpans, Resource, ScopeSpans, TracesData and
 * GetServicesResponse. Field numbers from opentelemetry/proto/trace/v1/trace.proto,
 * common/v1/common.proto and jaeger-idl proto/api_v3/query_service.proto.
 */
const tag = (field: number, wire: number) => field * 8 + wire;
const { varint: VARINT, fixed64: FIXED64, bytes: BYTES } = WIRE;

export const ANY_STRING = tag(1, BYTES);
export const ANY_BOOL = tag(2, VARINT);
export const ANY_INT = tag(3, VARINT);
export const ANY_DOUBLE = tag(4, FIXED64);
export const ANY_ARRAY = tag(5, BYTES);
export const ANY_KVLIST = tag(6, BYTES);
export const ANY_BYTES = tag(7, BYTES);
export const KV_KEY = tag(1, BYTES);
export const KV_VALUE = tag(2, BYTES);
export const LIST_VALUE = tag(1, BYTES);
export const SPAN_TRACE_ID = tag(1, BYTES);
export const SPAN_ID = tag(2, BYTES);
export const SPAN_PARENT_ID = tag(4, BYTES);
export const SPAN_NAME = tag(5, BYTES);
export const SPAN_START = tag(7, FIXED64);
export const SPAN_END = tag(8, FIXED64);
export const SPAN_ATTRIBUTE = tag(9, BYTES);
export const SPAN_STATUS = tag(15, BYTES);
export const STATUS_MESSAGE = tag(2, BYTES);
export const STATUS_CODE = tag(3, VARINT);
export const RESOURCE_ATTRIBUTE = tag(1, BYTES);
export const TRACES_RESOURCE_SPANS = tag(1, BYTES);
export const SERVICES_NAME = tag(1, BYTES);
export const RESOURCE_SPANS_RESOURCE = tag(1, BYTES);
export const RESOURCE_SPANS_SCOPE = tag(2, BYTES);
export const SCOPE_SPAN = tag(2, BYTES);
