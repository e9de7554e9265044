package dev.rootwatch.common.runtime;

/** A service that {@link ServiceRuntime#main} started: what {@code /readyz} asks, and how it stops. */
public interface RunningService {

    /** Whether the service can do its work now (what {@code /readyz} answers). */
    boolean ready();

    /** Stops the service: drains within its own bounds and releases everything it holds. */
    void stop() throws Exception;
}
