using Pravega.Perf.Controller.Contracts.V1;
using ModelKvtConfig = Pravega.Perf.Controller.Model.KeyValueTableConfiguration;

namespace Pravega.Perf.Controller.Server.Grpc;

internal static partial class ProtoMapping
{
    public static ModelKvtConfig ToModel(KeyValueTableConfig config) =>
        new(config.PartitionCount, config.PrimaryKeyLength, config.SecondaryKeyLength, config.RolloverSizeBytes);

    public static KeyValueTableConfig ToProto(string scope, string name, ModelKvtConfig config) => new()
    {
        Scope = scope,
        KvtName = name,
        PartitionCount = config.PartitionCount,
        PrimaryKeyLength = config.PrimaryKeyLength,
        SecondaryKeyLength = config.SecondaryKeyLength,
        RolloverSizeBytes = config.RolloverSizeBytes,
    };
}
