using System.Runtime.CompilerServices;
using Grpc.Core;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Tables;

/// <summary>
/// Creates, lists, describes and deletes key-value tables (Pravega's <c>KeyValueTableManager</c>). Error contract: a
/// name or configuration the controller refuses is <see cref="ArgumentException"/>; a missing scope,
/// <see cref="InvalidOperationException"/>; a missing table where one is required, <see cref="KeyValueTableNotFoundException"/>;
/// an unreachable controller, <see cref="ControllerUnavailableException"/>; another failure it reports,
/// <see cref="ControllerFailureException"/>. "Already exists" and "not found" on create and delete are booleans.
/// </summary>
public sealed class KeyValueTableManager : IDisposable
{
    private readonly ControllerClient _controller;

    public KeyValueTableManager(ClientConfig config)
    {
        _controller = new ControllerClient(config);
    }

    /// <summary>A manager for the controller at <paramref name="controllerUri"/> with default settings.</summary>
    public static KeyValueTableManager Create(Uri controllerUri) => new(new ClientConfig { ControllerUri = controllerUri });

    /// <summary>Creates a table and its partitions: true when created, false when a table of that name exists.</summary>
    public async Task<bool> CreateKeyValueTableAsync(string scope, string name, KeyValueTableConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Validate();
        var request = new KeyValueTableConfig
        {
            Scope = scope,
            KvtName = name,
            PartitionCount = configuration.PartitionCount,
            PrimaryKeyLength = configuration.PrimaryKeyLength,
            SecondaryKeyLength = configuration.SecondaryKeyLength,
            RolloverSizeBytes = configuration.RolloverSizeBytes,
        };
        var status = await _controller.CallAsync((c, o) => c.createKeyValueTableAsync(request, o), cancellationToken).ConfigureAwait(false);
        return status.Status switch
        {
            CreateKeyValueTableStatus.Types.Status.Success => true,
            CreateKeyValueTableStatus.Types.Status.TableExists => false,
            CreateKeyValueTableStatus.Types.Status.InvalidTableName => throw new ArgumentException($"key-value table name '{name}' is not valid", nameof(name)),
            CreateKeyValueTableStatus.Types.Status.ScopeNotFound => throw new InvalidOperationException($"scope '{scope}' does not exist"),
            _ => throw new ControllerFailureException($"createKeyValueTable {scope}/{name}: {status.Status}"),
        };
    }

    /// <summary>Deletes a table with its data: true when deleted, false when it did not exist.</summary>
    public async Task<bool> DeleteKeyValueTableAsync(string scope, string name, CancellationToken cancellationToken = default)
    {
        var info = new KeyValueTableInfo { Scope = scope, KvtName = name };
        var status = await _controller.CallAsync((c, o) => c.deleteKeyValueTableAsync(info, o), cancellationToken).ConfigureAwait(false);
        return status.Status switch
        {
            DeleteKVTableStatus.Types.Status.Success => true,
            DeleteKVTableStatus.Types.Status.TableNotFound => false,
            _ => throw new ControllerFailureException($"deleteKeyValueTable {scope}/{name}: {status.Status}"),
        };
    }

    /// <summary>The names of the scope's tables, page by page.</summary>
    public async IAsyncEnumerable<string> ListKeyValueTablesAsync(string scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = new ContinuationToken();
        while (true)
        {
            var request = new KVTablesInScopeRequest { Scope = new ScopeInfo { Scope = scope }, ContinuationToken = token };
            var page = await _controller.CallAsync((c, o) => c.listKeyValueTablesInScopeAsync(request, o), cancellationToken).ConfigureAwait(false);
            if (page.Status == KVTablesInScopeResponse.Types.Status.ScopeNotFound)
            {
                throw new InvalidOperationException($"scope '{scope}' does not exist");
            }
            if (page.Kvtables.Count == 0)
            {
                yield break;
            }
            foreach (var table in page.Kvtables)
            {
                yield return table.KvtName;
            }
            token = page.ContinuationToken;
        }
    }

    /// <summary>The table's configuration; <see cref="KeyValueTableNotFoundException"/> when it does not exist.</summary>
    public Task<KeyValueTableConfiguration> GetKeyValueTableConfigurationAsync(string scope, string name, CancellationToken cancellationToken = default) =>
        GetConfigurationAsync(_controller, scope, name, cancellationToken);

    public void Dispose() => _controller.Dispose();

    internal static async Task<KeyValueTableConfiguration> GetConfigurationAsync(ControllerClient controller, string scope, string name, CancellationToken cancellationToken)
    {
        var info = new KeyValueTableInfo { Scope = scope, KvtName = name };
        var response = await controller.CallAsync((c, o) => c.getKeyValueTableConfigurationAsync(info, o), cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            KeyValueTableConfigResponse.Types.Status.Success => new KeyValueTableConfiguration
            {
                PartitionCount = response.Config.PartitionCount,
                PrimaryKeyLength = response.Config.PrimaryKeyLength,
                SecondaryKeyLength = response.Config.SecondaryKeyLength,
                RolloverSizeBytes = response.Config.RolloverSizeBytes,
            },
            KeyValueTableConfigResponse.Types.Status.TableNotFound => throw new KeyValueTableNotFoundException($"{scope}/{name}"),
            _ => throw new ControllerFailureException($"getKeyValueTableConfiguration {scope}/{name}: {response.Status}"),
        };
    }

    /// <summary>The table's partitions; the controller answers NOT_FOUND for a missing table (the reply has no status).</summary>
    internal static async Task<KeyValueTablePartitions> GetPartitionsAsync(ControllerClient controller, string scope, string name, CancellationToken cancellationToken)
    {
        var info = new KeyValueTableInfo { Scope = scope, KvtName = name };
        try
        {
            var ranges = await controller.CallAsync((c, o) => c.getCurrentSegmentsKeyValueTableAsync(info, o), cancellationToken).ConfigureAwait(false);
            return new KeyValueTablePartitions(scope, name, ranges.SegmentRanges_.Select(r => (r.SegmentId.SegmentId_, r.MaxKey)));
        }
        catch (ControllerFailureException e) when (e.InnerException is RpcException { StatusCode: StatusCode.NotFound })
        {
            throw new KeyValueTableNotFoundException($"{scope}/{name}", e);
        }
    }
}
