package dev.rootwatch.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of rootwatch: ISO-8601 instants, nulls written (every schema field
 * is always present), unknown fields tolerated on read (newer producers), and hard limits on
 * what a hostile input can make the parser hold.
 */
public final class Json {

    /** Deepest nesting accepted; CloudTrail events nest well under 20 levels. */
    public static final int MAX_NESTING_DEPTH = 200;
    /** Longest single string value; CloudTrail truncates request parameters at 100 KB. */
    public static final int MAX_STRING_LENGTH = 8 * 1024 * 1024;
    public static final int MAX_NUMBER_LENGTH = 200;
    public static final int MAX_NAME_LENGTH = 10_000;
    /**
     * Most JSON tokens one value read from an input (a CloudTrail record, a JSON line, an embedded
     * JSON string) may hold, so that its tree stays small whatever it is made of. CloudTrail caps an
     * event at 256 KB, which is at most about 130,000 tokens.
     */
    public static final long MAX_RECORD_TOKENS = 250_000;

    private static final ObjectMapper MAPPER = create(limits());
    private static final ObjectMapper RECORD_MAPPER = create(limits().rebuild().maxTokenCount(MAX_RECORD_TOKENS).build());

    private Json() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The shared mapper with a bound on tokens too: the one that reads each value of an untrusted input into a tree. */
    public static ObjectMapper recordMapper() {
        return RECORD_MAPPER;
    }

    public static StreamReadConstraints limits() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build();
    }

    private static ObjectMapper create(StreamReadConstraints constraints) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                // a key given twice could hide a second userIdentity behind the first: refuse it
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // parse errors must not quote the (attacker-controlled) input into logs
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .build();
    }
}
