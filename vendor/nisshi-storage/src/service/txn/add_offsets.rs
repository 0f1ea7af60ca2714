// Copyright ⓒ 2024-2026 Peter Morgan <peter.james.morgan@gmail.com>
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

use nisshi_sans_io::{AddOffsetsToTxnRequest, AddOffsetsToTxnResponse, ApiKey, RequestInput};
use rama::Service;
use tracing::instrument;

use crate::{Error, Result, Storage};

/// A [`Service`] using its [`Storage`] taking [`AddOffsetsToTxnRequest`] returning [`AddOffsetsToTxnResponse`].
#[derive(Clone, Debug)]
pub struct AddOffsetsService<G> {
    pub storage: G,
}

impl<G> ApiKey for AddOffsetsService<G> {
    const KEY: i16 = AddOffsetsToTxnRequest::KEY;
}

impl<G, I> Service<I> for AddOffsetsService<G>
where
    G: Storage,
    I: Into<RequestInput<AddOffsetsToTxnRequest>> + Send + 'static,
{
    type Output = AddOffsetsToTxnResponse;
    type Error = Error;

    #[instrument(skip(self, input))]
    async fn serve(&self, input: I) -> Result<Self::Output, Self::Error> {
        let input = input.into();

        self.storage
            .txn_add_offsets(
                input.request.transactional_id.as_str(),
                input.request.producer_id,
                input.request.producer_epoch,
                input.request.group_id.as_str(),
            )
            .await
            .map(|error_code| {
                AddOffsetsToTxnResponse::default()
                    .throttle_time_ms(0)
                    .error_code(error_code.into())
            })
    }
}
