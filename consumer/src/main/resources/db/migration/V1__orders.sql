-- Orders as the consumer stores them, and the Kafka offsets that say how far they are written.
-- Both are written in one transaction per poll batch by the exactly-once sink.

CREATE TABLE orders (
    order_id         uuid          PRIMARY KEY,            -- a re-delivered order is skipped (ON CONFLICT DO NOTHING)
    user_id          varchar(128)  NOT NULL,
    amount           numeric(12,2) NOT NULL CHECK (amount > 0),
    currency         char(3)       NOT NULL,
    created_at       timestamptz   NOT NULL,
    source_topic     text          NOT NULL,               -- where the row came from: lineage, and replay by offset
    source_partition integer       NOT NULL,
    source_offset    bigint        NOT NULL,
    ingested_at      timestamptz   NOT NULL DEFAULT now()
);

-- The exactly-once sink's source of truth for where each partition continues. Kafka's committed
-- offsets are also updated afterwards, for lag tooling only.
CREATE TABLE kafka_offsets (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    next_offset    bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
