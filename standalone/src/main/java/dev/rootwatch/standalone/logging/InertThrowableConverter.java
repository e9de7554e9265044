package dev.rootwatch.standalone.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.rootwatch.common.text.LogSafe;

/**
 * {@code %inertException}: stack traces as logback writes them, one frame a line, but with every
 * exception message escaped ({@link LogSafe}): a parser's message may quote the input that broke it.
 */
public final class InertThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return super.throwableProxyToString(new Inert(proxy));
    }

    /** The same throwable, its message and those of its causes and suppressed ones escaped. */
    private record Inert(IThrowableProxy proxy) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return proxy.getMessage() == null ? null : LogSafe.inert(proxy.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return proxy.getOverridingMessage() == null ? null : LogSafe.inert(proxy.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return proxy.getCause() == null ? null : new Inert(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] inert = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                inert[i] = new Inert(suppressed[i]);
            }
            return inert;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
