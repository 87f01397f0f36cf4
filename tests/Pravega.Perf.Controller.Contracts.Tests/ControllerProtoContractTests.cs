using Google.Protobuf;
using Google.Protobuf.Reflection;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Contracts.Tests;

/// <summary>
/// The parts of our Controller.proto that a Pravega client depends on, checked against the facts of Pravega's own
/// Controller.proto (reference §3): the package and service (the gRPC method path), every RPC with its message types,
/// and the field numbers, types and enum values of the messages on every client's path. A mismatch here would break
/// compatibility silently.
/// </summary>
public sealed class ControllerProtoContractTests
{
    private static readonly ServiceDescriptor Service = ControllerReflection.Descriptor.FindTypeByName<ServiceDescriptor>("ControllerService");

    [Fact]
    public void The_package_and_service_are_Pravegas()
    {
        Assert.Equal("io.pravega.controller.stream.api.grpc.v1", ControllerReflection.Descriptor.Package);
        Assert.Equal("io.pravega.controller.stream.api.grpc.v1.ControllerService", Service.FullName);
    }

    [Theory]
    [InlineData("getControllerServerList", "ServerRequest", "ServerResponse")]
    [InlineData("createStream", "StreamConfig", "CreateStreamStatus")]
    [InlineData("updateStream", "StreamConfig", "UpdateStreamStatus")]
    [InlineData("truncateStream", "StreamCut", "UpdateStreamStatus")]
    [InlineData("sealStream", "StreamInfo", "UpdateStreamStatus")]
    [InlineData("deleteStream", "StreamInfo", "DeleteStreamStatus")]
    [InlineData("getCurrentSegments", "StreamInfo", "SegmentRanges")]
    [InlineData("getEpochSegments", "GetEpochSegmentsRequest", "SegmentRanges")]
    [InlineData("getSegments", "GetSegmentsRequest", "SegmentsAtTime")]
    [InlineData("getSegmentsImmediatlyFollowing", "SegmentId", "SuccessorResponse")]
    [InlineData("getSegmentsImmediatelyFollowing", "SegmentId", "SuccessorResponse")]
    [InlineData("getSegmentsBetween", "StreamCutRange", "StreamCutRangeResponse")]
    [InlineData("scale", "ScaleRequest", "ScaleResponse")]
    [InlineData("checkScale", "ScaleStatusRequest", "ScaleStatusResponse")]
    [InlineData("getURI", "SegmentId", "NodeUri")]
    [InlineData("isSegmentValid", "SegmentId", "SegmentValidityResponse")]
    [InlineData("isStreamCutValid", "StreamCut", "StreamCutValidityResponse")]
    [InlineData("createTransaction", "CreateTxnRequest", "CreateTxnResponse")]
    [InlineData("commitTransaction", "TxnRequest", "TxnStatus")]
    [InlineData("abortTransaction", "TxnRequest", "TxnStatus")]
    [InlineData("pingTransaction", "PingTxnRequest", "PingTxnStatus")]
    [InlineData("checkTransactionState", "TxnRequest", "TxnState")]
    [InlineData("listCompletedTransactions", "ListCompletedTxnRequest", "ListCompletedTxnResponse")]
    [InlineData("createScope", "ScopeInfo", "CreateScopeStatus")]
    [InlineData("listScopes", "ScopesRequest", "ScopesResponse")]
    [InlineData("checkScopeExists", "ScopeInfo", "ExistsResponse")]
    [InlineData("checkStreamExists", "StreamInfo", "ExistsResponse")]
    [InlineData("listStreamsInScope", "StreamsInScopeRequest", "StreamsInScopeResponse")]
    [InlineData("listStreamsInScopeForTag", "StreamsInScopeWithTagRequest", "StreamsInScopeResponse")]
    [InlineData("deleteScope", "ScopeInfo", "DeleteScopeStatus")]
    [InlineData("deleteScopeRecursive", "ScopeInfo", "DeleteScopeStatus")]
    [InlineData("getDelegationToken", "StreamInfo", "DelegationToken")]
    [InlineData("removeWriter", "RemoveWriterRequest", "RemoveWriterResponse")]
    [InlineData("noteTimestampFromWriter", "TimestampFromWriter", "TimestampResponse")]
    [InlineData("createKeyValueTable", "KeyValueTableConfig", "CreateKeyValueTableStatus")]
    [InlineData("getCurrentSegmentsKeyValueTable", "KeyValueTableInfo", "SegmentRanges")]
    [InlineData("listKeyValueTablesInScope", "KVTablesInScopeRequest", "KVTablesInScopeResponse")]
    [InlineData("getKeyValueTableConfiguration", "KeyValueTableInfo", "KeyValueTableConfigResponse")]
    [InlineData("deleteKeyValueTable", "KeyValueTableInfo", "DeleteKVTableStatus")]
    [InlineData("listSubscribers", "StreamInfo", "SubscribersResponse")]
    [InlineData("updateSubscriberStreamCut", "SubscriberStreamCut", "UpdateSubscriberStatus")]
    [InlineData("createReaderGroup", "ReaderGroupConfiguration", "CreateReaderGroupResponse")]
    [InlineData("getReaderGroupConfig", "ReaderGroupInfo", "ReaderGroupConfigResponse")]
    [InlineData("deleteReaderGroup", "ReaderGroupInfo", "DeleteReaderGroupStatus")]
    [InlineData("updateReaderGroup", "ReaderGroupConfiguration", "UpdateReaderGroupResponse")]
    [InlineData("getStreamConfiguration", "StreamInfo", "StreamConfig")]
    [InlineData("getControllerToBucketMapping", "ControllerToBucketMappingRequest", "ControllerToBucketMappingResponse")]
    public void Every_rpc_of_Pravegas_service_exists_with_its_messages(string method, string input, string output)
    {
        var rpc = Service.FindMethodByName(method);
        Assert.NotNull(rpc);
        Assert.Equal((input, output), (rpc.InputType.Name, rpc.OutputType.Name));
        Assert.False(rpc.IsClientStreaming || rpc.IsServerStreaming, "every RPC is unary");
    }

    [Fact]
    public void The_service_has_exactly_Pravegas_47_rpcs() => Assert.Equal(47, Service.Methods.Count);

    [Theory]
    [InlineData("StreamInfo", "scope", 1, FieldType.String)]
    [InlineData("StreamInfo", "stream", 2, FieldType.String)]
    [InlineData("StreamInfo", "accessOperation", 3, FieldType.Enum)]
    [InlineData("ScalingPolicy", "scaleType", 1, FieldType.Enum)]
    [InlineData("ScalingPolicy", "targetRate", 2, FieldType.Int32)]
    [InlineData("ScalingPolicy", "scaleFactor", 3, FieldType.Int32)]
    [InlineData("ScalingPolicy", "minNumSegments", 4, FieldType.Int32)]
    [InlineData("RetentionPolicy", "retentionParam", 2, FieldType.Int64)]
    [InlineData("StreamConfig", "streamInfo", 1, FieldType.Message)]
    [InlineData("StreamConfig", "tags", 4, FieldType.Message)]
    [InlineData("StreamConfig", "timestampAggregationTimeout", 5, FieldType.Int64)]
    [InlineData("StreamConfig", "rolloverSizeBytes", 6, FieldType.Int64)]
    [InlineData("SegmentId", "segmentId", 2, FieldType.Int64)]
    [InlineData("SegmentRange", "minKey", 2, FieldType.Double)]
    [InlineData("SegmentRange", "maxKey", 3, FieldType.Double)]
    [InlineData("NodeUri", "endpoint", 1, FieldType.String)]
    [InlineData("NodeUri", "port", 2, FieldType.Int32)]
    [InlineData("TxnId", "highBits", 1, FieldType.Int64)]
    [InlineData("TxnId", "lowBits", 2, FieldType.Int64)]
    [InlineData("ScaleResponse", "epoch", 3, FieldType.Int32)]
    [InlineData("ReaderGroupConfiguration", "retentionType", 6, FieldType.Int32)]
    [InlineData("ReaderGroupConfiguration", "readerGroupId", 8, FieldType.String)]
    [InlineData("ReaderGroupConfiguration", "startingStreamCuts", 9, FieldType.Message)]
    [InlineData("ReaderGroupConfiguration", "rolloverSizeBytes", 11, FieldType.Int64)]
    [InlineData("ListCompletedTxnResponse", "response", 2, FieldType.Message)]
    [InlineData("CreateTxnRequest", "scaleGracePeriod", 3, FieldType.Int64)]
    public void Fields_on_the_clients_path_have_Pravegas_numbers_and_types(string message, string field, int number, FieldType type)
    {
        var descriptor = ControllerReflection.Descriptor.FindTypeByName<MessageDescriptor>(message);
        var f = descriptor.FindFieldByName(field);
        Assert.NotNull(f);
        Assert.Equal((number, type), (f.FieldNumber, f.FieldType));
    }

    [Fact]
    public void Stream_cuts_are_maps_of_int64_to_int64()
    {
        foreach (var (message, field) in new[] { ("StreamCut", "cut"), ("StreamCutRange", "from"), ("StreamCutRange", "to") })
        {
            var f = ControllerReflection.Descriptor.FindTypeByName<MessageDescriptor>(message).FindFieldByName(field);
            Assert.True(f.IsMap, $"{message}.{field} is a map");
            Assert.Equal((FieldType.Int64, FieldType.Int64), (f.MessageType.FindFieldByNumber(1).FieldType, f.MessageType.FindFieldByNumber(2).FieldType));
        }
    }

    [Fact]
    public void Enum_values_are_Pravegas()
    {
        Assert.Equal(2, (int)ScalingPolicy.Types.ScalingPolicyType.ByRateInEventsPerSec);
        Assert.Equal(4, (int)CreateStreamStatus.Types.Status.InvalidStreamName);
        Assert.Equal(4, (int)UpdateStreamStatus.Types.Status.StreamSealed);
        Assert.Equal(3, (int)DeleteStreamStatus.Types.Status.StreamNotSealed);
        Assert.Equal(2, (int)ScaleResponse.Types.ScaleStreamStatus.PreconditionFailed);
        Assert.Equal(3, (int)ScaleStatusResponse.Types.ScaleStatus.InternalError);
        Assert.Equal(7, (int)PingTxnStatus.Types.Status.Unknown);
        Assert.Equal(5, (int)TxnState.Types.State.Aborted);
        Assert.Equal(5, (int)UpdateSubscriberStatus.Types.Status.GenerationMismatch);
        Assert.Equal(3, (int)CreateReaderGroupResponse.Types.Status.InvalidRgName);
        Assert.Equal(5, (int)StreamInfo.Types.AccessOperation.ReadWrite);
    }

    [Fact]
    public void A_node_uri_encodes_as_protobuf_defines_it()
    {
        // field 1 (string, tag 0x0A) "localhost", field 2 (varint, tag 0x10) 12345 = 0xB9 0x60
        byte[] expected = [0x0A, 9, .. "localhost"u8, 0x10, 0xB9, 0x60];
        Assert.Equal(expected, new NodeUri { Endpoint = "localhost", Port = 12345 }.ToByteArray());
    }
}
