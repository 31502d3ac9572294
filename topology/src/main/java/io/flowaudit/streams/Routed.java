package io.flowaudit.streams;

import org.apache.avro.specific.SpecificRecord;

/** An output of the flow processor and the topic it goes to; branches split on {@link Target}. */
record Routed(Target target, SpecificRecord value) {
    enum Target { VERDICT, DENIAL, ALERT, WHATIF, DEAD_LETTER }
}
