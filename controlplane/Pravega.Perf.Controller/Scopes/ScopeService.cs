using Microsoft.Extensions.Logging;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.KeyValueTables;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.ReaderGroups;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Workflows;

namespace Pravega.Perf.Controller.Scopes;

/// <summary>Scopes (reference §1.1): create, exists, list, delete, delete with everything in it (streams, reader groups,
/// key-value tables), and the streams of a scope.</summary>
public sealed class ScopeService(
    IMetadataStore store,
    StreamService streams,
    ReaderGroupService readerGroups,
    KeyValueTableService keyValueTables,
    KeyedLock locks,
    WorkflowIndex workflows,
    TimeProvider time,
    ILogger<ScopeService> logger)
{
    /// <summary>Creates a scope; <see cref="OperationStatus.ScopeExists"/> when it exists.</summary>
    public async Task<OperationResult<bool>> CreateScopeAsync(string scope, CancellationToken cancellationToken)
    {
        if (!NameValidation.IsValidUserScopeName(scope))
        {
            return OperationResult<bool>.Fail(OperationStatus.InvalidName, $"scope name '{scope}' is not valid");
        }
        using var _ = await locks.AcquireAsync("scope/" + scope, cancellationToken).ConfigureAwait(false);
        if (await store.GetAsync<ScopeRecord>(MetadataTables.Scopes, scope, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing.Value.Deleting
                ? OperationResult<bool>.Fail(OperationStatus.Failure, $"scope '{scope}' is being deleted")
                : OperationResult<bool>.Fail(OperationStatus.ScopeExists, $"scope '{scope}' exists");
        }
        // The scope's tables before its record: a scope is visible only once it is usable.
        await store.CreateTableAsync(MetadataTables.Streams(scope), cancellationToken).ConfigureAwait(false);
        await store.CreateTableAsync(MetadataTables.ReaderGroups(scope), cancellationToken).ConfigureAwait(false);
        await store.CreateTableAsync(MetadataTables.KeyValueTables(scope), cancellationToken).ConfigureAwait(false);
        if (!await store.TryInsertAsync(MetadataTables.Scopes, scope, new ScopeRecord(time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken)
                .ConfigureAwait(false))
        {
            return OperationResult<bool>.Fail(OperationStatus.ScopeExists, $"scope '{scope}' exists");
        }
        ControllerLog.ScopeCreated(logger, scope);
        return OperationResult<bool>.Ok(true);
    }

    /// <summary>Whether the scope exists (and is not being deleted).</summary>
    public async Task<bool> ScopeExistsAsync(string scope, CancellationToken cancellationToken) =>
        await store.GetAsync<ScopeRecord>(MetadataTables.Scopes, scope, cancellationToken).ConfigureAwait(false) is { Value.Deleting: false };

    /// <summary>A page of scope names.</summary>
    public async Task<ListPage<string>> ListScopesAsync(string continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(MetadataTables.Scopes, pageSize, DecodeToken(continuationToken), cancellationToken).ConfigureAwait(false);
        var names = page.Entries.Where(e => !MetadataJson.Deserialize<ScopeRecord>(e.Value).Deleting).Select(e => e.Key).ToList();
        return new ListPage<string>(names, EncodeToken(page.ContinuationToken));
    }

    /// <summary>A page of the scope's visible streams, internal ones (<c>_RG…</c>, <c>_MARK…</c>) included as Pravega lists them;
    /// null when the scope does not exist.</summary>
    public async Task<ListPage<string>?> ListStreamsAsync(string scope, string continuationToken, int pageSize, Func<StreamView, bool>? filter,
        CancellationToken cancellationToken)
    {
        if (!await ScopeExistsAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var page = await store.ListAsync(MetadataTables.Streams(scope), pageSize, DecodeToken(continuationToken), cancellationToken).ConfigureAwait(false);
        var names = new List<string>(page.Entries.Count);
        foreach (var entry in page.Entries)
        {
            if (await streams.GetStreamAsync(scope, entry.Key, cancellationToken).ConfigureAwait(false) is { } view && (filter?.Invoke(view) ?? true))
            {
                names.Add(entry.Key);
            }
        }
        return new ListPage<string>(names, EncodeToken(page.ContinuationToken));
    }

    /// <summary>Deletes an empty scope: <see cref="OperationStatus.ScopeNotEmpty"/> while it holds streams, reader groups or
    /// key-value tables (Pravega deletes the scope's tables with <c>mustBeEmpty</c>, the key-value tables' included).</summary>
    public async Task<OperationResult<bool>> DeleteScopeAsync(string scope, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync("scope/" + scope, cancellationToken).ConfigureAwait(false);
        var record = await store.GetAsync<ScopeRecord>(MetadataTables.Scopes, scope, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return OperationResult<bool>.Fail(OperationStatus.ScopeNotFound, $"scope '{scope}' does not exist");
        }
        if (await HasAnyAsync(MetadataTables.Streams(scope), cancellationToken).ConfigureAwait(false)
            || await HasAnyAsync(MetadataTables.ReaderGroups(scope), cancellationToken).ConfigureAwait(false)
            || await HasAnyAsync(MetadataTables.KeyValueTables(scope), cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<bool>.Fail(OperationStatus.ScopeNotEmpty, $"scope '{scope}' still has streams, reader groups or key-value tables");
        }
        await RemoveScopeAsync(scope, cancellationToken).ConfigureAwait(false);
        return OperationResult<bool>.Ok(true);
    }

    /// <summary>Deletes a scope with its key-value tables, reader groups and streams (sealed, then deleted), then the scope
    /// (Pravega's <c>deleteScopeRecursive</c>).</summary>
    public async Task<OperationResult<bool>> DeleteScopeRecursiveAsync(string scope, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync("scope/" + scope, cancellationToken).ConfigureAwait(false);
        var record = await store.GetAsync<ScopeRecord>(MetadataTables.Scopes, scope, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return OperationResult<bool>.Fail(OperationStatus.ScopeNotFound, $"scope '{scope}' does not exist");
        }
        var intent = new WorkflowIntent(WorkflowKind.DeleteScope, scope, scope);
        await workflows.AddAsync(intent, cancellationToken).ConfigureAwait(false);
        if (!record.Value.Deleting)
        {
            // From here on the scope takes no new streams or reader groups.
            await store.PutAsync(MetadataTables.Scopes, scope, record.Value with { Deleting = true }, record.Version, cancellationToken).ConfigureAwait(false);
        }
        await FinishRecursiveDeleteAsync(scope, cancellationToken).ConfigureAwait(false);
        await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
        return OperationResult<bool>.Ok(true);
    }

    /// <summary>Finishes a recursive delete found in the workflow index.</summary>
    public async Task ResumeDeleteAsync(WorkflowIntent intent, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync("scope/" + intent.Scope, cancellationToken).ConfigureAwait(false))
        {
            if (await store.GetAsync<ScopeRecord>(MetadataTables.Scopes, intent.Scope, cancellationToken).ConfigureAwait(false) is not null)
            {
                await FinishRecursiveDeleteAsync(intent.Scope, cancellationToken).ConfigureAwait(false);
            }
        }
        await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
    }

    private async Task FinishRecursiveDeleteAsync(string scope, CancellationToken cancellationToken)
    {
        await keyValueTables.DeleteAllAsync(scope, cancellationToken).ConfigureAwait(false);
        await foreach (var entry in store.ListAllAsync(MetadataTables.ReaderGroups(scope), cancellationToken).ConfigureAwait(false))
        {
            await readerGroups.DeleteReaderGroupAsync(scope, entry.Key, null, cancellationToken).ConfigureAwait(false);
        }
        var names = new List<string>();
        await foreach (var entry in store.ListAllAsync(MetadataTables.Streams(scope), cancellationToken).ConfigureAwait(false))
        {
            names.Add(entry.Key);
        }
        foreach (var stream in names)
        {
            if (!stream.StartsWith(NameUtils.InternalNamePrefix, StringComparison.Ordinal))
            {
                await streams.SealStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
            }
            await streams.DeleteInternalStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        }
        await RemoveScopeAsync(scope, cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveScopeAsync(string scope, CancellationToken cancellationToken)
    {
        await store.RemoveAsync(MetadataTables.Scopes, scope, MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
        await store.DeleteTableAsync(MetadataTables.Streams(scope), cancellationToken).ConfigureAwait(false);
        await store.DeleteTableAsync(MetadataTables.ReaderGroups(scope), cancellationToken).ConfigureAwait(false);
        await store.DeleteTableAsync(MetadataTables.KeyValueTables(scope), cancellationToken).ConfigureAwait(false);
        ControllerLog.ScopeDeleted(logger, scope);
    }

    private async Task<bool> HasAnyAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            var page = await store.ListAsync(table, 1, default, cancellationToken).ConfigureAwait(false);
            return page.Entries.Count > 0;
        }
        catch (MetadataTableNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A list token as it travels in gRPC (base64 of the table iterator's token).</summary>
    public static string EncodeToken(ReadOnlyMemory<byte> token) => token.IsEmpty ? string.Empty : Convert.ToBase64String(token.Span);

    /// <summary>The table iterator's token back; an unreadable token starts from the beginning.</summary>
    public static ReadOnlyMemory<byte> DecodeToken(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return default;
        }
        var bytes = new byte[token.Length];
        return Convert.TryFromBase64String(token, bytes, out var written) ? bytes.AsMemory(0, written) : throw new ArgumentException("continuationToken is not a token this controller issued", nameof(token));
    }
}
