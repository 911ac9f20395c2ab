package io.datastreamscaling.bench.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.Workload;

/**
 * One contender's round, with what the topic itself holds afterwards.
 *
 * @param topicRecords the topic's end offsets summed: for PRODUCE and END_TO_END what this round wrote,
 *                     for CONSUME and STREAMS what the pre-filled topic holds, for SINK the rows in the round's table
 */
public record RoundResult(Workload workload, String contender, boolean reference, int round, String topic,
                          Measurement measurement, long topicRecords) {
    public boolean warmUp() {
        return round == 0;
    }

    /** The count the contender reported is what is on the topic: nothing lost, nothing counted twice. */
    @JsonProperty("countsMatch")
    public boolean countsMatch() {
        return measurement.records() == topicRecords;
    }
}
