package dev.rootwatch.common.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates rootwatch's topics where they are missing: posture compacted, the others kept for a week. */
public final class TopicAdmin {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicAdmin.class);
    private static final String WEEK_MS = Long.toString(7L * 24 * 3600 * 1000);

    private TopicAdmin() {
    }

    public static void createMissing(Admin admin, Topics topics, int partitions, short replicationFactor)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : topics.names()) {
            if (existing.contains(name)) {
                continue;
            }
            NewTopic topic = new NewTopic(name, partitions, replicationFactor);
            if (name.equals(topics.posture().name())) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            } else {
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, WEEK_MS));
            }
            wanted.add(topic);
        }
        if (!wanted.isEmpty()) {
            admin.createTopics(wanted).all().get();
            LOGGER.info("created topics names={} partitions={} replicationFactor={}",
                    wanted.stream().map(NewTopic::name).toList(), partitions, replicationFactor);
        }
    }
}
