package dev.rootwatch.common.cloudtrail;

import java.io.IOException;

/** An input decompressed (or a line grew) beyond its configured bound. */
public final class InputTooLargeException extends IOException {

    public InputTooLargeException(String message) {
        super(message);
    }
}
