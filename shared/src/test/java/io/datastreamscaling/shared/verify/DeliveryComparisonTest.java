package io.datastreamscaling.shared.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.verify.DeliveryComparison.Acknowledged;
import io.datastreamscaling.shared.verify.DeliveryComparison.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryComparisonTest {
    private static final List<Acknowledged> SENT = List.of(
            new Acknowledged("a1", "alice", 1),
            new Acknowledged("b1", "bob", 2),
            new Acknowledged("a2", "alice", 3),
            new Acknowledged("b2", "bob", 4));

    @Test
    void everyAcknowledgedRecordFoundOnceIsExactlyOnce() {
        Result result = DeliveryComparison.compare(SENT, List.of("a1", "b1", "a2", "b2"));

        assertTrue(result.exactlyOnce());
        assertEquals("acknowledged=4 found=4 missing=0 duplicated=0 unexpected=0 outOfOrder=0", result.summary());
    }

    @Test
    void anAcknowledgedRecordAbsentFromTheSinkIsMissing() {
        Result result = DeliveryComparison.compare(SENT, List.of("a1", "a2", "b2"));

        assertEquals(List.of("b1"), result.missing());
        assertFalse(result.exactlyOnce());
    }

    @Test
    void aRecordFoundTwiceIsDuplicatedButNotOutOfOrder() {
        Result result = DeliveryComparison.compare(SENT, List.of("a1", "b1", "a2", "a1", "b2"));

        assertEquals(List.of("a1"), result.duplicated());
        assertEquals(List.of(), result.outOfOrder());
        assertFalse(result.exactlyOnce());
    }

    @Test
    void aRecordAcknowledgedTwiceMayBeFoundTwice() {
        List<Acknowledged> sentTwice = List.of(new Acknowledged("a1", "alice", 1), new Acknowledged("a1", "alice", 2));

        Result result = DeliveryComparison.compare(sentTwice, List.of("a1", "a1"));

        assertTrue(result.exactlyOnce());
    }

    @Test
    void aRecordNeverAcknowledgedIsUnexpectedNotMissing() {
        Result result = DeliveryComparison.compare(SENT, List.of("a1", "b1", "x9", "a2", "b2"));

        assertEquals(List.of("x9"), result.unexpected());
        assertTrue(result.exactlyOnce(), "a write whose acknowledgement was lost breaks no promise");
    }

    @Test
    void anUnacknowledgedRecordFoundTwiceIsDuplicated() {
        Result result = DeliveryComparison.compare(SENT, List.of("a1", "b1", "x9", "a2", "x9", "b2"));

        assertEquals(List.of("x9"), result.duplicated());
    }

    @Test
    void aRecordReadAfterALaterSendOfTheSameKeyIsOutOfOrder() {
        Result result = DeliveryComparison.compare(SENT, List.of("b1", "a2", "a1", "b2"));

        assertEquals(List.of("a1"), result.outOfOrder());
    }

    @Test
    void recordsOfDifferentKeysMayInterleaveInAnyOrder() {
        Result result = DeliveryComparison.compare(SENT, List.of("b1", "b2", "a1", "a2"));

        assertEquals(List.of(), result.outOfOrder());
    }
}
