using Microsoft.Extensions.Logging;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Streams;
using Pravega.Perf.Controller.Workflows;

namespace Pravega.Perf.Controller.ReaderGroups;

/// <summary>
/// Reader groups as the controller knows them (reference §1.12): the configuration and generation, the state stream
/// <c>_RG&lt;group&gt;</c> that readers coordinate through, and subscribers' acknowledged StreamCuts. Readers never call the
/// controller to coordinate; they share the state stream.
/// </summary>
public sealed class ReaderGroupService(
    IMetadataStore store,
    StreamService streams,
    KeyedLock locks,
    WorkflowIndex workflows,
    TimeProvider time,
    ILogger<ReaderGroupService> logger)
{
    /// <summary>Java's <c>ReaderGroupConfig.DEFAULT_UUID</c>: the client did not pick an id, the controller does.</summary>
    public const string DefaultReaderGroupId = "00000000-0000-0000-0000-000000000000";

    /// <summary>
    /// Records the group and creates its state stream. A group that exists answers its stored configuration with
    /// SUCCESS (Pravega's client then tells "exists" from "mismatch" by comparing it with what it sent).
    /// </summary>
    public async Task<OperationResult<ReaderGroupConfiguration>> CreateReaderGroupAsync(ReaderGroupConfiguration configuration, CancellationToken cancellationToken)
    {
        var (scope, name) = (configuration.Scope, configuration.ReaderGroupName);
        if (!NameValidation.IsValidUserStreamName(name))
        {
            return OperationResult<ReaderGroupConfiguration>.Fail(OperationStatus.InvalidName, $"reader group name '{name}' is not valid");
        }
        if (configuration.ReaderGroupId == DefaultReaderGroupId || string.IsNullOrEmpty(configuration.ReaderGroupId))
        {
            configuration = configuration with { ReaderGroupId = Guid.NewGuid().ToString(), Generation = 0 };
        }
        if (configuration.Validate() is { } error)
        {
            return OperationResult<ReaderGroupConfiguration>.Fail(OperationStatus.InvalidConfiguration, error);
        }
        if (await store.GetAsync<ScopeRecord>(MetadataTables.Scopes, scope, cancellationToken).ConfigureAwait(false) is not { Value.Deleting: false })
        {
            return OperationResult<ReaderGroupConfiguration>.Fail(OperationStatus.ScopeNotFound, $"scope '{scope}' does not exist");
        }
        using var _ = await locks.AcquireAsync(LockKey(scope, name), cancellationToken).ConfigureAwait(false);
        var existing = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        if (existing is { Value.State: ReaderGroupState.Active })
        {
            return OperationResult<ReaderGroupConfiguration>.Ok(existing.Value.Configuration);
        }
        var intent = new WorkflowIntent(WorkflowKind.ReaderGroup, scope, name);
        await workflows.AddAsync(intent, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var record = new ReaderGroupRecord(configuration, ReaderGroupState.Creating, time.GetUtcNow().ToUnixTimeMilliseconds());
            await store.TryInsertAsync(MetadataTables.ReaderGroups(scope), name, record, cancellationToken).ConfigureAwait(false);
        }
        var finished = await FinishAsync(scope, name, cancellationToken).ConfigureAwait(false);
        await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
        return finished is null
            ? OperationResult<ReaderGroupConfiguration>.Fail(OperationStatus.Failure, $"reader group '{scope}/{name}' was deleted while it was created")
            : OperationResult<ReaderGroupConfiguration>.Ok(finished.Configuration);
    }

    /// <summary>The group's configuration, or <see cref="OperationStatus.ReaderGroupNotFound"/>.</summary>
    public async Task<OperationResult<ReaderGroupConfiguration>> GetConfigurationAsync(string scope, string name, CancellationToken cancellationToken)
    {
        var record = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        return record is { Value.State: ReaderGroupState.Active }
            ? OperationResult<ReaderGroupConfiguration>.Ok(record.Value.Configuration)
            : OperationResult<ReaderGroupConfiguration>.Fail(OperationStatus.ReaderGroupNotFound, $"reader group '{scope}/{name}' does not exist");
    }

    /// <summary>
    /// Replaces the configuration (a reset): the sent generation and id must be the stored ones
    /// (<see cref="OperationStatus.InvalidConfiguration"/> otherwise); the answer is the new generation.
    /// </summary>
    public async Task<OperationResult<long>> UpdateReaderGroupAsync(ReaderGroupConfiguration configuration, CancellationToken cancellationToken)
    {
        var (scope, name) = (configuration.Scope, configuration.ReaderGroupName);
        using var _ = await locks.AcquireAsync(LockKey(scope, name), cancellationToken).ConfigureAwait(false);
        var record = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        if (record is not { Value.State: ReaderGroupState.Active })
        {
            return OperationResult<long>.Fail(OperationStatus.ReaderGroupNotFound, $"reader group '{scope}/{name}' does not exist");
        }
        var stored = record.Value.Configuration;
        if (stored.Generation != configuration.Generation || !string.Equals(stored.ReaderGroupId, configuration.ReaderGroupId, StringComparison.OrdinalIgnoreCase))
        {
            return OperationResult<long>.Fail(OperationStatus.InvalidConfiguration,
                $"generation {configuration.Generation} / id {configuration.ReaderGroupId} do not match the stored {stored.Generation} / {stored.ReaderGroupId}");
        }
        if (configuration.Validate() is { } error)
        {
            return OperationResult<long>.Fail(OperationStatus.InvalidConfiguration, error);
        }
        var updated = configuration with { Generation = stored.Generation + 1 };
        // Subscribers that stop reading a stream lose their acknowledged cut on it.
        var keep = updated.Streams().Select(s => NameUtils.GetScopedStreamName(s.Scope, s.Stream)).ToHashSet();
        var cuts = record.Value.SubscriberCuts?.Where(kv => keep.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        await store.PutAsync(MetadataTables.ReaderGroups(scope), name, record.Value with { Configuration = updated, SubscriberCuts = cuts }, record.Version,
            cancellationToken).ConfigureAwait(false);
        return OperationResult<long>.Ok(updated.Generation);
    }

    /// <summary>Deletes the group and its state stream. A given id must be the group's (<see cref="OperationStatus.ReaderGroupNotFound"/> otherwise).</summary>
    public async Task<OperationResult<bool>> DeleteReaderGroupAsync(string scope, string name, string? readerGroupId, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(LockKey(scope, name), cancellationToken).ConfigureAwait(false);
        var record = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        if (record is null || (!string.IsNullOrEmpty(readerGroupId) && readerGroupId != DefaultReaderGroupId
                && !string.Equals(record.Value.Configuration.ReaderGroupId, readerGroupId, StringComparison.OrdinalIgnoreCase)))
        {
            return OperationResult<bool>.Fail(OperationStatus.ReaderGroupNotFound, $"reader group '{scope}/{name}' does not exist");
        }
        var intent = new WorkflowIntent(WorkflowKind.ReaderGroup, scope, name);
        await workflows.AddAsync(intent, cancellationToken).ConfigureAwait(false);
        if (record.Value.State != ReaderGroupState.Deleting)
        {
            await store.PutAsync(MetadataTables.ReaderGroups(scope), name, record.Value with { State = ReaderGroupState.Deleting }, record.Version, cancellationToken)
                .ConfigureAwait(false);
        }
        await FinishAsync(scope, name, cancellationToken).ConfigureAwait(false);
        await workflows.RemoveAsync(intent, cancellationToken).ConfigureAwait(false);
        return OperationResult<bool>.Ok(true);
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

    /// <summary>The scoped names (<c>scope/group</c>) of the subscriber groups reading the stream.</summary>
    public async Task<IReadOnlyList<string>> ListSubscribersAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        var subscribers = new List<string>();
        await foreach (var entry in store.ListAllAsync(MetadataTables.ReaderGroups(scope), cancellationToken).ConfigureAwait(false))
        {
            var record = MetadataJson.Deserialize<ReaderGroupRecord>(entry.Value);
            if (record.State == ReaderGroupState.Active && record.Configuration.RetentionType != ReaderGroupRetention.None
                && record.Configuration.Streams().Any(s => s.Scope == scope && s.Stream == stream))
            {
                subscribers.Add(NameUtils.GetScopedStreamName(scope, entry.Key));
            }
        }
        return subscribers;
    }

    /// <summary>
    /// Stores a subscriber's acknowledged StreamCut of a stream (it bounds retention: issue 13). Statuses as Pravega's:
    /// subscriber missing or of another id, generation mismatch, cut invalid for the stream.
    /// </summary>
    public async Task<OperationStatus> UpdateSubscriberStreamCutAsync(string scope, string stream, string subscriber, string readerGroupId, long generation,
        IReadOnlyDictionary<long, long> cut, CancellationToken cancellationToken)
    {
        var view = await streams.GetStreamAsync(scope, stream, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return OperationStatus.StreamNotFound;
        }
        var name = subscriber.Contains('/', StringComparison.Ordinal) ? subscriber[(subscriber.IndexOf('/', StringComparison.Ordinal) + 1)..] : subscriber;
        using var _ = await locks.AcquireAsync(LockKey(scope, name), cancellationToken).ConfigureAwait(false);
        var record = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        if (record is not { Value.State: ReaderGroupState.Active } || record.Value.Configuration.RetentionType == ReaderGroupRetention.None
            || !string.Equals(record.Value.Configuration.ReaderGroupId, readerGroupId, StringComparison.OrdinalIgnoreCase))
        {
            return OperationStatus.ReaderGroupNotFound;
        }
        if (record.Value.Configuration.Generation != generation)
        {
            return OperationStatus.GenerationMismatch;
        }
        if (!view.IsValidCut(cut))
        {
            return OperationStatus.StreamCutNotValid;
        }
        var cuts = new Dictionary<string, StreamCutRecord>(record.Value.SubscriberCuts ?? new Dictionary<string, StreamCutRecord>())
        {
            [NameUtils.GetScopedStreamName(scope, stream)] = new StreamCutRecord(new Dictionary<long, long>(cut), time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        await store.PutAsync(MetadataTables.ReaderGroups(scope), name, record.Value with { SubscriberCuts = cuts }, record.Version, cancellationToken)
            .ConfigureAwait(false);
        return OperationStatus.Success;
    }

    private static string LockKey(string scope, string name) => $"rg/{scope}/{name}";

    private Task<Versioned<ReaderGroupRecord>?> GetRecordAsync(string scope, string name, CancellationToken cancellationToken) =>
        store.GetAsync<ReaderGroupRecord>(MetadataTables.ReaderGroups(scope), name, cancellationToken);

    /// <summary>Drives a CREATING group to ACTIVE (state stream created) or a DELETING one to gone (state stream deleted).</summary>
    private async Task<ReaderGroupRecord?> FinishAsync(string scope, string name, CancellationToken cancellationToken)
    {
        var record = await GetRecordAsync(scope, name, cancellationToken).ConfigureAwait(false);
        var stateStream = NameUtils.GetStreamForReaderGroup(name);
        switch (record?.Value.State)
        {
            case ReaderGroupState.Creating:
                var created = await streams.CreateInternalStreamAsync(scope, stateStream, StreamConfiguration.Fixed(1), cancellationToken).ConfigureAwait(false);
                if (!created.IsSuccess && created.Status != OperationStatus.StreamExists)
                {
                    throw new InvalidOperationException($"state stream {scope}/{stateStream}: {created.Status} {created.Message}");
                }
                var active = record.Value with { State = ReaderGroupState.Active };
                await store.PutAsync(MetadataTables.ReaderGroups(scope), name, active, record.Version, cancellationToken).ConfigureAwait(false);
                ControllerLog.ReaderGroupCreated(logger, scope, name);
                return active;
            case ReaderGroupState.Deleting:
                await streams.DeleteInternalStreamAsync(scope, stateStream, cancellationToken).ConfigureAwait(false);
                await store.RemoveAsync(MetadataTables.ReaderGroups(scope), name, MetadataVersions.Any, cancellationToken).ConfigureAwait(false);
                ControllerLog.ReaderGroupDeleted(logger, scope, name);
                return null;
            default:
                return record?.Value;
        }
    }
}
