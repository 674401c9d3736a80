package metadatawriter

import (
	"context"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// bulkUpdateOperation is the OpenAPI operationId of the bulk update, the pacer's class of its calls.
const bulkUpdateOperation = "metadata.bulk_update"

// ForAccount returns the writer of account a: its calls are a's BulkUpdateMetadata, and it waits for
// their slots in a's pacer (one pacer per Client, shared by every caller). opt.Slots is replaced.
func ForAccount(a *frameio.AccountClient, opt Options) *Writer {
	opt.Slots = accountSlots{a}
	return New(accountSender{a}, opt)
}

type accountSender struct{ a *frameio.AccountClient }

func (s accountSender) BulkUpdate(ctx context.Context, projectID string, fileIDs []string, values []Value) error {
	mv := make([]frameio.MetadataValue, len(values))
	for i, v := range values {
		mv[i] = frameio.MetadataValue{FieldDefinitionID: v.FieldID, Value: v.Value}
	}
	return s.a.BulkUpdateMetadata(ctx, projectID, fileIDs, mv)
}

type accountSlots struct{ a *frameio.AccountClient }

func (s accountSlots) WaitSlot(ctx context.Context) error {
	return s.a.WaitSlot(ctx, bulkUpdateOperation)
}
