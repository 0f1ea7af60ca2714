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

-- prepare list_earliest_offset (text, text, integer) as

-- Kafka answers Earliest with the log start offset. The query answers the
-- offset of the first record at or above watermark.low. When no such record
-- exists, it answers watermark.high, the offset of the next produced record.
--
-- The query cannot answer watermark.low alone, because retention deletes
-- records and leaves watermark.low as it is.

select

coalesce(r.offset_id, w.high, 0), r.timestamp

from

cluster c
join topic t on t.cluster = c.id
join topition tp on tp.topic = t.id
join watermark w on w.topition = tp.id
-- A record below watermark.low is deleted, but it can still be stored. On
-- PostgreSQL, DeleteRecords advances watermark.low before it removes the
-- records, and when that removal fails, maintenance removes them later.
left join record r on r.topition = tp.id
    and r.offset_id = (
        select min(first_record.offset_id)
        from record first_record
        where first_record.topition = tp.id
        and first_record.offset_id >= coalesce(w.low, 0))

where

c.name = $1
and t.name = $2
and tp.partition = $3;
