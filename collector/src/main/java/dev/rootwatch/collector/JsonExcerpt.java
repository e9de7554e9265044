package dev.rootwatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.DeadLetter;
import java.io.IOException;
import java.io.Writer;

/** The start of a JSON tree as text, for a dead letter's excerpt, written only as far as the excerpt goes. */
final class JsonExcerpt {

    private JsonExcerpt() {
    }

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder(DeadLetter.MAX_EXCERPT);
        try {
            Json.mapper().writeValue(new Writer() {
                @Override
                public void write(char[] chars, int off, int len) throws IOException {
                    int room = DeadLetter.MAX_EXCERPT - out.length();
                    out.append(chars, off, Math.min(room, len));
                    if (len >= room) {
                        throw new Full();
                    }
                }

                @Override
                public void flush() {
                    // nothing buffered
                }

                @Override
                public void close() {
                    // nothing held
                }
            }, node);
        } catch (Full e) {
            // the excerpt is complete
        } catch (IOException | RuntimeException e) {
            return out.length() == 0 ? null : out.toString();
        }
        return out.toString();
    }

    /** Stops writing once the excerpt is full; carries no stack, it is control flow. */
    private static final class Full extends IOException {
        Full() {
            super(null, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
