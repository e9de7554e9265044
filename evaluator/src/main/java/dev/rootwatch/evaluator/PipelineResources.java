package dev.rootwatch.evaluator;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.config.SourceSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pipeline that carries CloudTrail to rootwatch, as configured, in the forms CloudTrail's requests
 * name its parts: EventBridge rule names, SQS queues (name, and account where the configuration gave a
 * URL or an ARN), S3 bucket names and KMS key ids. A configured ARN, URL or name all match the same call.
 *
 * @param rules   EventBridge rule names
 * @param queues  SQS queues
 * @param buckets S3 bucket names of the trail
 * @param keys    KMS key ids of the trail
 */
public record PipelineResources(Set<String> rules, Set<Queue> queues, Set<String> buckets, Set<String> keys) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public PipelineResources {
        rules = Set.copyOf(rules);
        queues = Set.copyOf(queues);
        buckets = Set.copyOf(buckets);
        keys = Set.copyOf(keys);
    }

    /**
     * An SQS queue.
     *
     * @param account its account id, or null where only its name is known
     * @param name    its name
     */
    public record Queue(String account, String name) {

        public Queue {
            Objects.requireNonNull(name, "name");
        }

        /** Same name, and same account where both say it. */
        boolean matches(Queue other) {
            return name.equals(other.name) && (account == null || other.account == null || account.equals(other.account));
        }
    }

    /** Nothing to watch. */
    public static PipelineResources none() {
        return of(List.of(), List.of(), List.of(), List.of());
    }

    /** Reads the watched resources: the PIPELINE_TAMPERING settings, and the queues the collector reads. */
    public static PipelineResources from(Config config) {
        List<String> queues = new ArrayList<>(config.get(SourceSettings.SQS_QUEUE_URLS));
        queues.addAll(config.get(DetectionSettings.PIPELINE_QUEUES));
        return of(config.get(DetectionSettings.PIPELINE_RULES), queues, config.get(DetectionSettings.PIPELINE_BUCKETS),
                config.get(DetectionSettings.PIPELINE_KEYS));
    }

    /** From names, URLs or ARNs as a configuration gives them. */
    static PipelineResources of(List<String> rules, List<String> queues, List<String> buckets, List<String> keys) {
        return new PipelineResources(normalized(rules, PipelineResources::ruleName),
                new LinkedHashSet<>(queues.stream().map(String::trim).map(PipelineResources::queue).toList()),
                normalized(buckets, PipelineResources::bucketName), normalized(keys, PipelineResources::keyId));
    }

    boolean isEmpty() {
        return rules.isEmpty() && queues.isEmpty() && buckets.isEmpty() && keys.isEmpty();
    }

    /** One line for the start-up log: what is watched, or that nothing is. */
    String describe() {
        if (isEmpty()) {
            return "PIPELINE_TAMPERING has nothing to watch: no EventBridge rule, SQS queue, trail bucket or trail key is"
                    + " configured (evaluator.detections.PIPELINE_TAMPERING.*, collector.sqs.queueUrls)";
        }
        return "PIPELINE_TAMPERING watching eventBridgeRules=" + rules.size() + " queues=" + queues.size() + " trailBuckets="
                + buckets.size() + " trailKeys=" + keys.size();
    }

    boolean watchesRule(String nameOrArn) {
        return nameOrArn != null && rules.contains(ruleName(nameOrArn));
    }

    boolean watchesQueue(String urlOrArn) {
        if (urlOrArn == null) {
            return false;
        }
        Queue queue = queue(urlOrArn);
        return queues.stream().anyMatch(watched -> watched.matches(queue));
    }

    boolean watchesBucket(String nameOrArn) {
        return nameOrArn != null && buckets.contains(bucketName(nameOrArn));
    }

    boolean watchesKey(String idOrArn) {
        return idOrArn != null && keys.contains(keyId(idOrArn));
    }

    /** {@code arn:aws:events:<region>:<account>:rule/[<bus>/]<name>} or a name: the name. */
    static String ruleName(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? afterLast(nameOrArn, '/') : nameOrArn;
    }

    /** {@code https://sqs.<region>.amazonaws.com/<account>/<name>}, {@code arn:aws:sqs:<region>:<account>:<name>} or a name. */
    static Queue queue(String value) {
        if (value.startsWith("arn:")) {
            String[] parts = value.split(":", -1);
            return parts.length >= 6 ? new Queue(account(parts[4]), parts[5]) : new Queue(null, value);
        }
        if (value.startsWith("https://") || value.startsWith("http://")) {
            String path = value.substring(value.indexOf('/', value.indexOf("//") + 2) + 1);
            String[] parts = path.split("/");
            return parts.length >= 2 ? new Queue(account(parts[parts.length - 2]), parts[parts.length - 1])
                    : new Queue(null, parts[parts.length - 1]);
        }
        return new Queue(null, value);
    }

    /** {@code arn:aws:s3:::<name>} or a name: the name. */
    static String bucketName(String nameOrArn) {
        String name = nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.lastIndexOf(':') + 1) : nameOrArn;
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /** {@code arn:aws:kms:<region>:<account>:key/<id>} or an id: the id. */
    static String keyId(String idOrArn) {
        return idOrArn.startsWith("arn:") ? afterLast(idOrArn, '/') : idOrArn;
    }

    private static String account(String value) {
        return ACCOUNT.matcher(value).matches() ? value : null;
    }

    private static String afterLast(String value, char separator) {
        return value.substring(value.lastIndexOf(separator) + 1);
    }

    private static Set<String> normalized(List<String> values, java.util.function.UnaryOperator<String> form) {
        return new LinkedHashSet<>(values.stream().map(String::trim).map(form).toList());
    }
}
