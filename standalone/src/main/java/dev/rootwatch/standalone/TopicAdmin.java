package dev.rootwatch.standalone;

import dev.rootwatch.common.kafka.Topics;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/** Where the standalone module creates its topics; the work is {@link dev.rootwatch.common.kafka.TopicAdmin}'s. */
final class TopicAdmin {

    private TopicAdmin() {
    }

    static void createMissing(Admin admin, Topics topics, int partitions, short replicationFactor)
            throws ExecutionException, InterruptedException {
        dev.rootwatch.common.kafka.TopicAdmin.createMissing(admin, topics, partitions, replicationFactor);
    }
}
