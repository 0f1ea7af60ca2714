-- -*- mode: sql; sql-product: postgres; -*-
-- Copyright ⓒ 2024-2025 Peter Morgan <peter.james.morgan@gmail.com>
--
-- Licensed under the Apache License, Version 2.0 (the "License");
-- you may not use this file except in compliance with the License.
-- You may obtain a copy of the License at
--
-- http://www.apache.org/licenses/LICENSE-2.0
--
-- Unless required by applicable law or agreed to in writing, software
-- distributed under the License is distributed on an "AS IS" BASIS,
-- WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
-- See the License for the specific language governing permissions and
-- limitations under the License.

-- kafka-lab patch (see its vendor/PATCHES.md): whether any partition with a retention.bytes holds
-- more bytes of keys and values than it allows. A read, so it holds no lock writers wait on;
-- policy_delete_bytes.sql, which takes the write lock for as long as it reads every record of
-- the capped partitions (0.5 s for 300,000 records), runs only when this says so.
with

capped as materialized (
    select tp.id as topition, cast(tc.value as bigint) as cap
    from topition tp
    join topic t on t.id = tp.topic
    join cluster c on t.cluster = c.id
    join topic_configuration tc on tc.topic = t.id
    left join topic_configuration pol on pol.topic = t.id and pol.name = 'cleanup.policy'
    where c.name = $1
    and tc.name = 'retention.bytes'
    and tc.value glob '[0-9]*' and tc.value not glob '*[^0-9]*'
    -- A topic without a cleanup.policy has Kafka's default policy, delete.
    and coalesce(pol.value, 'delete') like '%delete%'
)

select count(*) from capped
where capped.cap < (
    select coalesce(sum(coalesce(length(r.k), 0) + coalesce(length(r.v), 0)), 0)
    from record r
    where r.topition = capped.topition
);
