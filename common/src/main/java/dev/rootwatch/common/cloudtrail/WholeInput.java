package dev.rootwatch.common.cloudtrail;

/**
 * An input whose whole content is already in memory, complete and within its bounds (a gzip file
 * libdeflate decompressed whole): a reader may look at its bytes where they are instead of copying
 * them out. The bytes belong to the input and are valid until it is closed; nobody writes to them.
 */
interface WholeInput {

    /** The array holding the content from index 0, or null once anything was read from the input or it was closed. */
    byte[] wholeBytes();

    /** How many bytes of {@link #wholeBytes()} are the content. */
    int wholeLength();
}
