using Microsoft.Extensions.Logging;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Scopes;
using Pravega.Perf.Controller.Segments;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Workflows;

namespace Pravega.Perf.Controller.KeyValueTables;

/// <summary>
/// Key-value tables (reference §1.16): a record per table in its scope's <c>kvTablesInScope</c> table, and
/// <c>partitionCount</c> fixed-key-length table segments <c>scope/&lt;kvt&gt;_kvtable/&lt;n&gt;.#epoch.0</c> that clients
/// read and write directly. Creation and deletion follow the controller's crash-safe pattern: an index entry, the
/// record's state (CREATING / DELETING) as the intent, idempotent segment calls, then the record made ACTIVE or removed.
/// </summary>
public sealed class KeyValueTableService(
    IMetadataStore store,
    IStreamSegmentStore segments,
    KeyedLock locks,
    WorkflowIndex workflows,
    TimeProvider time,
    ILogger<KeyValueTableService> logger)
{
    /// <summary>
    /// Creates the table. Statuses as Pravega's <c>TableMetadataTasks.createKeyValueTable</c>: a name that breaks stream
    /// rules is <see cref="OperationStatus.InvalidName"/>, an active table <see cref="OperationStatus.KeyValueTableExists"/>;
    /// a bad configuration is <see cref="OperationStatus.InvalidArgument"/> (Pravega's client refuses it before sending).
    /// </summary>
    public async Task<OperationResult<bool>> CreateKeyValueTableAsync(string scope, string name, KeyValueTableConfiguration configuration,
        CancellationToken cancellationToken)
    {
        if (!NameValidation.IsValidUserStreamName(name))
        {
            return OperationResult<bool>.Fail(OperationStatus.InvalidName, $"key-value table name '{name}' is not valid");
        }
        if (configuration.Validate() is { } error)
        {
            return OperationResult<bool>.Fail(OperationStatus.InvalidArgument, error);
        }
        if (await store.GetAsync<ScopeRecord>(MetadataTables.Scopes, scope, cancellationToken).ConfigureAwait(false) is not { Value.Deleting: false })
        {
            return OperationResult<bool>.Fail(OperationStatus.ScopeNotFound, $"scope '{scope}' does not exist");
        }
        using var _ = await locks.AcquireAsync(LockKey(scope, name), cancellationToken).ConfigureAwait(false);
        var intent = new WorkflowIntent(WorkflowKind.KeyValueTable, scope, name);
        var existing = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        if (existing is { Value.State: not KeyValueTableState.Active })
        {
            // A creation or deletion that an earlier (crashed) run left: finish it first, so this request sees its end.
            var finished = await FinishAsync(scope, name, cancellationToken).ConfigureAwait(false);
            await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
            existing = finished is null ? null : existing;
        }
        if (existing is not null)
        {
            return OperationResult<bool>.Fail(OperationStatus.KeyValueTableExists, $"key-value table '{scope}/{name}' exists");
        }
        var deleted = await store.GetAsync<DeletedKeyValueTable>(MetadataTables.DeletedKeyValueTables, NameUtils.GetScopedStreamName(scope, name),
            cancellationToken).ConfigureAwait(false);
        await workflows.AddAsync(intent, cancellationToken).ConfigureAwait(false);
        var record = new KeyValueTableRecord(configuration, KeyValueTableState.Creating, time.GetUtcNow().ToUnixTimeMilliseconds(),
            deleted is null ? 0 : deleted.Value.LastSegmentNumber + 1);
        if (!await TryInsertAsync(scope, name, record, cancellationToken).ConfigureAwait(false))
        {
            // Another controller recorded it between our read and our write; it finishes its own creation.
            await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
            return OperationResult<bool>.Fail(OperationStatus.KeyValueTableExists, $"key-value table '{scope}/{name}' exists");
        }
        var created = await FinishAsync(scope, name, cancellationToken).ConfigureAwait(false);
        await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
        return created is { State: KeyValueTableState.Active }
            ? OperationResult<bool>.Ok(true)
            : OperationResult<bool>.Fail(OperationStatus.Failure, $"key-value table '{scope}/{name}' was deleted while it was created");
    }

    /// <summary>The configuration of an active table, or <see cref="OperationStatus.KeyValueTableNotFound"/>.</summary>
    public async Task<OperationResult<KeyValueTableConfiguration>> GetConfigurationAsync(string scope, string name, CancellationToken cancellationToken) =>
        await GetActiveAsync(scope, name, cancellationToken).ConfigureAwait(false) is { } record
            ? OperationResult<KeyValueTableConfiguration>.Ok(record.Configuration)
            : OperationResult<KeyValueTableConfiguration>.Fail(OperationStatus.KeyValueTableNotFound, $"key-value table '{scope}/{name}' does not exist");

    /// <summary>The partitions of an active table with their key ranges, or <see cref="OperationStatus.KeyValueTableNotFound"/>.</summary>
    public async Task<OperationResult<IReadOnlyList<SegmentRecord>>> GetCurrentSegmentsAsync(string scope, string name, CancellationToken cancellationToken) =>
        await GetActiveAsync(scope, name, cancellationToken).ConfigureAwait(false) is { } record
            ? OperationResult<IReadOnlyList<SegmentRecord>>.Ok(record.Partitions())
            : OperationResult<IReadOnlyList<SegmentRecord>>.Fail(OperationStatus.KeyValueTableNotFound, $"key-value table '{scope}/{name}' does not exist");

    /// <summary>A page of the scope's active tables (tokens as <see cref="ScopeService.EncodeToken"/>); null when the scope does not exist.</summary>
    public async Task<ListPage<string>?> ListKeyValueTablesAsync(string scope, string continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        if (await store.GetAsync<ScopeRecord>(MetadataTables.Scopes, scope, cancellationToken).ConfigureAwait(false) is not { Value.Deleting: false })
        {
            return null;
        }
        MetadataPage page;
        try
        {
            page = await store.ListAsync(MetadataTables.KeyValueTables(scope), pageSize, ScopeService.DecodeToken(continuationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (MetadataTableNotFoundException)
        {
            // A scope recorded before key-value tables existed has no table of them: it has none.
            return new ListPage<string>([], continuationToken);
        }
        var names = page.Entries.Where(e => MetadataJson.Deserialize<KeyValueTableRecord>(e.Value).State == KeyValueTableState.Active).Select(e => e.Key).ToList();
        return new ListPage<string>(names, ScopeService.EncodeToken(page.ContinuationToken));
    }

    /// <summary>Deletes the table's partition segments, then its record; <see cref="OperationStatus.KeyValueTableNotFound"/> when absent.</summary>
    public async Task<OperationResult<bool>> DeleteKeyValueTableAsync(string scope, string name, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(LockKey(scope, name), cancellationToken).ConfigureAwait(false);
        var record = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return OperationResult<bool>.Fail(OperationStatus.KeyValueTableNotFound, $"key-value table '{scope}/{name}' does not exist");
        }
        var intent = new WorkflowIntent(WorkflowKind.KeyValueTable, scope, name);
        await workflows.AddAsync(intent, cancellationToken).ConfigureAwait(false);
        if (record.Value.State != KeyValueTableState.Deleting)
        {
            // From here on the table is invisible to clients and the deletion will finish, whoever finishes it.
            await store.PutAsync(MetadataTables.KeyValueTables(scope), name, record.Value with { State = KeyValueTableState.Deleting }, record.Version,
                cancellationToken).ConfigureAwait(false);
        }
        await FinishAsync(scope, name, cancellationToken).ConfigureAwait(false);
        await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
        return OperationResult<bool>.Ok(true);
    }

    /// <summary>Deletes every table of the scope (a recursive scope deletion).</summary>
    public async Task DeleteAllAsync(string scope, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var entry in store.ListAllAsync(MetadataTables.KeyValueTables(scope), cancellationToken).ConfigureAwait(false))
        {
            names.Add(entry.Key);
        }
        foreach (var name in names)
        {
            await DeleteKeyValueTableAsync(scope, name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finishes a creation or deletion found in the workflow index.</summary>
    public async Task ResumeAsync(WorkflowIntent intent, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(LockKey(intent.Scope, intent.Name), cancellationToken).ConfigureAwait(false))
        {
            await FinishAsync(intent.Scope, intent.Name, cancellationToken).ConfigureAwait(false);
        }
        await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The name of a partition segment: <c>scope/&lt;kvt&gt;_kvtable/&lt;n&gt;.#epoch.&lt;e&gt;</c> (Pravega's NameUtils).</summary>
    public static string PartitionName(string scope, string name, long segmentId) => NameUtils.GetQualifiedTableSegmentName(scope, name, segmentId);

    private static string LockKey(string scope, string name) => $"kvt/{scope}/{name}";

    private Task<Versioned<KeyValueTableRecord>?> GetRecordAsync(string scope, string name, CancellationToken cancellationToken) =>
        store.GetAsync<KeyValueTableRecord>(MetadataTables.KeyValueTables(scope), name, cancellationToken);

    private async Task<KeyValueTableRecord?> GetActiveAsync(string scope, string name, CancellationToken cancellationToken) =>
        await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false) is { Value.State: KeyValueTableState.Active } record ? record.Value : null;

    private async Task<bool> TryInsertAsync(string scope, string name, KeyValueTableRecord record, CancellationToken cancellationToken)
    {
        var table = MetadataTables.KeyValueTables(scope);
        try
        {
            return await store.TryInsertAsync(table, name, record, cancellationToken).ConfigureAwait(false);
        }
        catch (MetadataTableNotFoundException)
        {
            // A scope recorded before key-value tables existed: its table of them is made on first use.
            await store.CreateTableAsync(table, cancellationToken).ConfigureAwait(false);
            return await store.TryInsertAsync(table, name, record, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drives a CREATING table to ACTIVE (partitions created) or a DELETING one to gone (partitions deleted).</summary>
    private async Task<KeyValueTableRecord?> FinishAsync(string scope, string name, CancellationToken cancellationToken)
    {
        var record = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }
        var configuration = record.Value.Configuration;
        var partitions = record.Value.Partitions();
        switch (record.Value.State)
        {
            case KeyValueTableState.Creating:
                await Task.WhenAll(partitions.Select(p => segments.CreateTableSegmentAsync(PartitionName(scope, name, p.SegmentId), configuration.KeyLength,
                    configuration.RolloverSizeBytes, cancellationToken))).ConfigureAwait(false);
                var active = record.Value with { State = KeyValueTableState.Active };
                await store.PutAsync(MetadataTables.KeyValueTables(scope), name, active, record.Version, cancellationToken).ConfigureAwait(false);
                ControllerLog.KeyValueTableCreated(logger, scope, name, partitions.Count);
                return active;
            case KeyValueTableState.Deleting:
                await Task.WhenAll(partitions.Select(p => segments.DeleteTableSegmentAsync(PartitionName(scope, name, p.SegmentId), cancellationToken)))
                    .ConfigureAwait(false);
                // Before the record goes, so that a creation under the same name can never reuse these numbers.
                var last = new DeletedKeyValueTable(record.Value.StartingSegmentNumber + configuration.PartitionCount - 1);
                await store.PutAsync(MetadataTables.DeletedKeyValueTables, NameUtils.GetScopedStreamName(scope, name), last, MetadataVersions.Any,
                    cancellationToken).ConfigureAwait(false);
                await store.RemoveAsync(MetadataTables.KeyValueTables(scope), name, MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
                ControllerLog.KeyValueTableDeleted(logger, scope, name);
                return null;
            default:
                return record.Value;
        }
    }
}
