package io.datastreamscaling.consumer.testing;

import io.datastreamscaling.local.broker.testing.TestKafka;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/** What the group coordinator says about a consumer group. */
public final class Groups {
    private Groups() {
    }

    /** True while the group is moving partitions between members (or has more members than before). */
    public static boolean isRebalancingOrHasMembers(String group, int members) {
        try (Admin admin = TestKafka.admin()) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            return d.groupState() != GroupState.STABLE || d.members().size() >= members;
        } catch (Exception e) {
            return false;
        }
    }
}
