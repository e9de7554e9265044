package dev.rootwatch.collector.posture;

import dev.rootwatch.collector.PostureRefreshRequests;
import dev.rootwatch.collector.Publisher;
import dev.rootwatch.common.config.PostureSettings;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.text.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code rootwatch.posture} true: sweeps every account of the configured mode at the
 * configured interval (plus jitter), at most {@code posture.concurrency} accounts at a time, and
 * re-reads one account at once when {@link #refresh(String)} asks (debounced). Each read publishes
 * through {@link Publisher#posture} only when the facts changed or the heartbeat is due (and again
 * at the next read where Kafka did not acknowledge it); an
 * account that cannot be read is published with {@code error} set and no facts (UNKNOWN), never
 * left at its last good state.
 *
 * <p>The clients, publisher and registry are the caller's: {@link #close()} stops the poller's
 * threads only.
 */
public final class PosturePoller implements PostureRefreshRequests, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(PosturePoller.class);

    private final PostureSettings settings;
    private final Publisher publisher;
    private final Clock clock;
    private final PostureMetrics metrics;
    private final AccountDirectory directory;
    private final AccountSessions sessions;
    private final CredentialReports reports;
    private final RootPostureReader reader;
    private final PublishDecisions decisions;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService sweeper;
    private final AccountPolls polls;
    private final Map<String, Posture> latest = new ConcurrentHashMap<>();
    private final RepeatFilter problems = new RepeatFilter();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Set<String> scope = Set.of();
    private volatile OrganizationContext organization;

    public PosturePoller(PostureSettings settings, PostureClients clients, Publisher publisher, MeterRegistry registry, Clock clock) {
        this(settings, clients, publisher, registry, clock, PollerTimings.DEFAULT);
    }

    PosturePoller(PostureSettings settings, PostureClients clients, Publisher publisher, MeterRegistry registry, Clock clock,
                  PollerTimings timings) {
        this.settings = settings;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = new PostureMetrics(registry);
        ApiCaller api = new ApiCaller(metrics, settings.throttleRetries(), timings.throttling());
        this.directory = new AccountDirectory(settings, clients.sts(), clients.iam(), clients.organizations(), api, metrics);
        this.sessions = new AccountSessions(clients.sts(), clients.credentials(), api, metrics, settings.roleName(),
                settings.externalId(), settings.sessionDuration(), clock);
        this.reports = new CredentialReports(clients.iam(), api, settings.credentialReportWait(), timings.credentialReport(), clock);
        this.reader = new RootPostureReader(clients.iam(), api, reports, metrics, clock);
        this.decisions = new PublishDecisions(settings.heartbeat(), clock);
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), threads("rootwatch-posture-read-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("rootwatch-posture-refresh-"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(threads("rootwatch-posture-sweep-"));
        this.polls = new AccountPolls(workers, timer, this::readAndPublish, settings.refreshDebounce());
        if (settings.mode() == PostureSettings.Mode.ACCOUNTS) {
            // known before the first sweep, so refreshes are honoured from the start
            this.scope = Set.copyOf(settings.accounts());
        }
    }

    /** Starts sweeping: the first sweep at once, then every interval plus jitter. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the posture poller is started already");
        }
        if (!settings.enabled()) {
            LOGGER.info("posture polling disabled (posture.enabled=false)");
            return;
        }
        LOGGER.info("posture poller starting mode={} accounts={} interval={} concurrency={} externalId={}", settings.mode(),
                settings.accounts().size(), settings.interval(), settings.concurrency(), settings.hasExternalId() ? "set" : "none");
        sweeper.execute(this::scheduledSweep);
    }

    /**
     * Re-reads {@code accountId} at once, debounced; returns at once. Accounts outside the current
     * scope (not in the last sweep's list) are ignored.
     */
    @Override
    public void refresh(String accountId) {
        if (closed.get() || !settings.enabled() || accountId == null) {
            return;
        }
        if (!scope.contains(accountId)) {
            metrics.refreshRequest("out_of_scope");
            LOGGER.debug("posture refresh ignored account={}: not among the accounts read", LogSafe.escape(accountId, 40));
            return;
        }
        metrics.refreshRequest("accepted");
        LOGGER.info("posture refresh requested account={}", accountId);
        polls.refresh(accountId);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sweeper.shutdownNow();
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS) || !sweeper.awaitTermination(5, TimeUnit.SECONDS)) {
                LOGGER.warn("posture poller threads still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOGGER.info("posture poller stopped");
    }

    /** One full sweep, on the calling thread; reads run on the workers. */
    SweepResult sweep() {
        long begin = System.nanoTime();
        List<String> accounts;
        boolean listed = true;
        try {
            accounts = directory.accounts();
        } catch (ApiFailure e) {
            listed = false;
            accounts = List.copyOf(scope);
            if (accounts.isEmpty()) {
                LOGGER.error("posture sweep skipped: accounts cannot be listed error={} detail={}", e.getMessage(), e.detail());
            } else {
                LOGGER.warn("accounts cannot be listed error={} detail={}; reading the {} accounts of the last sweep", e.getMessage(),
                        e.detail(), accounts.size());
            }
        }
        if (listed) {
            rescope(accounts);
        }
        if (!accounts.isEmpty()) {
            organization = directory.organizationContext();
        }
        Semaphore permits = new Semaphore(settings.concurrency());
        List<CompletableFuture<Void>> reads = new ArrayList<>(accounts.size());
        try {
            for (String accountId : accounts) {
                permits.acquire();
                CompletableFuture<Void> read = polls.read(accountId);
                read.whenComplete((ignored, error) -> permits.release());
                reads.add(read);
            }
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOGGER.info("posture sweep interrupted: closing");
        } catch (ExecutionException e) {
            LOGGER.error("posture sweep failed", e.getCause());
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - begin);
        if (!accounts.isEmpty()) {
            // a sweep that read nothing does not count, so a stale last-sweep time shows on the dashboards
            metrics.sweep(duration, clock.instant());
        }
        Map<Compliance, Long> counts = new EnumMap<>(Compliance.class);
        for (String accountId : accounts) {
            Posture posture = latest.get(accountId);
            counts.merge(posture == null ? Compliance.UNKNOWN : posture.compliance(), 1L, Long::sum);
        }
        SweepResult result = new SweepResult(accounts.size(), duration, counts, listed);
        LOGGER.info("posture sweep done accounts={} compliant={} nonCompliant={} notApplicable={} unknown={} durationMs={}",
                result.accounts(), result.count(Compliance.COMPLIANT), result.count(Compliance.NON_COMPLIANT),
                result.count(Compliance.NOT_APPLICABLE), result.count(Compliance.UNKNOWN), duration.toMillis());
        return result;
    }

    /** The latest posture read of {@code accountId}, published or not; null before the first read. */
    Posture latest(String accountId) {
        return latest.get(accountId);
    }

    private void scheduledSweep() {
        long begin = System.nanoTime();
        try {
            sweep();
        } catch (Backoff.PollInterruptedException e) {
            LOGGER.debug("posture sweep stopped: closing");
        } catch (RuntimeException e) {
            LOGGER.error("posture sweep failed", e);
        } finally {
            if (!closed.get()) {
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
                long jitter = settings.jitter().isZero() ? 0 : ThreadLocalRandom.current().nextLong(settings.jitter().toMillis() + 1);
                long delay = Math.max(0, settings.interval().toMillis() - elapsed) + jitter;
                try {
                    sweeper.schedule(this::scheduledSweep, delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    LOGGER.debug("next posture sweep not scheduled: closing");
                }
            }
        }
    }

    /** The accounts of this sweep become the scope; whatever was known about the others is dropped. */
    private void rescope(List<String> accounts) {
        Set<String> now = Set.copyOf(accounts);
        Set<String> gone = new HashSet<>(scope);
        gone.removeAll(now);
        scope = now;
        for (String accountId : gone) {
            LOGGER.info("account no longer read account={}", accountId);
            publisher.postureGone(accountId).whenComplete((ok, e) -> {
                if (e != null) {
                    LOGGER.warn("posture tombstone not acknowledged; the account's last posture stays exported account={} error={}",
                            accountId, e.toString());
                }
            });
            latest.remove(accountId);
            polls.forget(accountId);
        }
        decisions.retainOnly(now);
        problems.retainOnly(now);
        sessions.retainOnly(now);
        reports.retainOnly(now);
    }

    private void readAndPublish(String accountId) {
        Posture posture;
        String detail = "";
        try {
            OrganizationContext context = organization;
            if (context == null) {
                context = directory.organizationContext();
                organization = context;
            }
            CallerIdentity caller = directory.caller();
            posture = reader.read(accountId, sessions.forAccount(accountId, caller), context.centralRootAccessFor(accountId));
        } catch (ApiFailure e) {
            if (e.expiredCredentials()) {
                sessions.invalidate(accountId);
            }
            detail = e.detail();
            posture = unreadable(accountId, e.getMessage());
        } catch (Backoff.PollInterruptedException e) {
            return;
        } catch (RuntimeException e) {
            LOGGER.error("posture read failed account={}", accountId, e);
            posture = unreadable(accountId, "rootwatch " + e.getClass().getSimpleName());
        }
        if (problems.isNew(accountId, posture.error())) {
            LOGGER.warn("posture unreadable account={} error={} detail={}", accountId, posture.error(), detail);
        } else if (posture.error() != null) {
            LOGGER.debug("posture still unreadable account={} error={}", accountId, posture.error());
        }
        latest.put(accountId, posture);
        Posture read = posture;
        decisions.decide(read).ifPresent(reason -> {
            metrics.published(reason);
            if (PublishDecisions.CHANGE.equals(reason)) {
                LOGGER.info("posture published account={} compliance={} mfaEnabled={} reason={}", accountId, read.compliance(),
                        read.mfaEnabled(), reason);
            } else {
                LOGGER.debug("posture published account={} compliance={} reason={}", accountId, read.compliance(), reason);
            }
            publisher.posture(read).whenComplete((acknowledged, error) -> {
                if (error != null) {
                    decisions.forget(read);
                    LOGGER.warn("posture not acknowledged account={} error={}; published again at the next read", accountId,
                            error.toString());
                }
            });
        });
    }

    private Posture unreadable(String accountId, String error) {
        return new Posture(null, accountId, clock.instant(), null, null, null, null, null, error);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
