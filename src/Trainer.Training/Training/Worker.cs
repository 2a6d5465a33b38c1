using System.Diagnostics;
using Testbed.Records;
using Testbed.Trainer.Checkpoints;
using Testbed.Trainer.Data;
using Testbed.Trainer.Distributed;
using Testbed.Trainer.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Training;

/// <summary>The result of a training run on one worker.</summary>
public sealed record TrainingOutcome(string WeightsHash, FinalRecord Final, IReadOnlyList<EpochRecord> Epochs, float[] FinalWeights);

/// <summary>
/// One worker of synchronous data-parallel SGD: every step it trains on its shard of the global
/// batch, averages the gradients with all other ranks (in place, in the flat gradient buffer)
/// and applies the same update, so all replicas keep bit-identical weights.
/// </summary>
/// <param name="ringFormedUtc">When the ring was formed (rendezvous done): the start-up timeline's middle mark.</param>
public sealed class Worker(TrainingOptions options, IProcessGroup group, int threads, Action<string> log, DateTimeOffset? ringFormedUtc = null)
{
    private readonly bool _isChief = group.Rank == 0;

    public TrainingOutcome Train()
    {
        var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        // Data first: a wrong --data fails before libtorch is even loaded.
        var train = DatasetFiles.LoadTrain(options.DataDirectory);
        if ((long)options.BatchPerWorker * group.WorldSize > train.Count)
        {
            // One step would hold samples twice, and a huge batch only fails later, in libtorch's allocator.
            throw new InputException(
                $"--batch {options.BatchPerWorker} x {group.WorldSize} worker(s) = {(long)options.BatchPerWorker * group.WorldSize} samples " +
                    $"per step; expected at most the {train.Count} of the training set in {options.DataDirectory}.");
        }

        // Every rank scores a slice of the test set at the end (Evaluation), so every rank loads it.
        var test = options.EvaluateAtEnd ? DatasetFiles.LoadTest(options.DataDirectory) : null;
        set_num_threads(threads);
        manual_seed(options.Seed);
        var config = RunConfig.Of(options, group.WorldSize, train.Count);
        var configHash = ConfigHash.Of(config);

        using var model = new ThesisCnn(options.Seed);
        (string Name, Parameter Parameter)[] named = [.. model.named_parameters()];
        Parameter[] parameters = [.. named.Select(n => n.Parameter)];
        using var gradients = new GradientBuffer(parameters);
        using var optimizer = new Sgd(parameters, options.LearningRate, options.Momentum);
        var startEpoch = new StartingPoint(options, group, log).Establish(parameters, optimizer, config, configHash);

        if (options.InitFrom is { } initFrom && test is not null)
        {
            // The thesis's "load" step, checked: the loaded model scores the test set before it trains
            // on, every rank its slice, so the report can hold it against the saved model's score.
            var (loadedLoss, loadedAccuracy) = Evaluation.Run(model, test, group);
            var loadedHash = WeightsHash.Of(parameters);
            log($"loaded {initFrom}: weights {loadedHash}, test loss: {loadedLoss:0.0000} - test accuracy: {loadedAccuracy:0.0000}");
            if (_isChief)
            {
                using var loadedRecords = new RecordWriter(options.RecordsPath);
                loadedRecords.Write(new LoadedRecord(initFrom, loadedHash, loadedLoss, loadedAccuracy, group.Rank, group.WorldSize, Environment.MachineName,
                    threads, DateTimeOffset.UtcNow));
            }
        }

        using var trainingStep = new TrainingStep(model, parameters, gradients, optimizer, group, options.OverlapCommunication);
        var shards = new EpochShards(train.Count, options.Seed);
        var batch = options.BatchPerWorker;
        using var images = zeros(batch, 1, ThesisCnn.ImageSide, ThesisCnn.ImageSide);
        using var labels = zeros(batch, ScalarType.Int64);
        var indices = new int[batch];
        using var records = new RecordWriter(options.RecordsPath);
        var epochRecords = new List<EpochRecord>();
        double? timeToFirstStep = null;
        DateTimeOffset? firstStep = null;
        var total = Stopwatch.StartNew();
        model.train();

        for (var epoch = startEpoch + 1; epoch <= options.Epochs; epoch++)
        {
            long bytesSent = group.BytesSent, bytesReceived = group.BytesReceived;
            long computeTicks = 0, allReduceTicks = 0;
            double lossSum = 0;
            long correct = 0;
            var epochStart = Stopwatch.GetTimestamp();
            for (var step = 0; step < options.StepsPerEpoch; step++)
            {
                FaultInjection.At((epoch - 1) * options.StepsPerEpoch + step + 1, options, group.Rank, log);
                shards.FillBatch(epoch, step, group.Rank, group.WorldSize, indices);
                BatchLoader.Fill(train, indices, images, labels);

                var result = trainingStep.Run(images, labels);
                lossSum += result.Loss;
                correct += result.Correct;
                computeTicks += result.ComputeTicks;
                allReduceTicks += result.AllReduceTicks;
                if (firstStep is null)
                {
                    firstStep = DateTimeOffset.UtcNow;
                    timeToFirstStep = (firstStep.Value.UtcDateTime - processStart).TotalSeconds;
                }
            }

            var seconds = Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
            float[] metrics = [(float)(lossSum / options.StepsPerEpoch), (float)correct / (options.StepsPerEpoch * batch)];
            group.AllReduce(metrics);
            var msPerStep = seconds * 1000 / options.StepsPerEpoch;
            var computeMs = Stopwatch.GetElapsedTime(0, computeTicks).TotalMilliseconds / options.StepsPerEpoch;
            var allReduceMs = Stopwatch.GetElapsedTime(0, allReduceTicks).TotalMilliseconds / options.StepsPerEpoch;
            var record = new EpochRecord(
                epoch, options.Epochs, options.StepsPerEpoch, seconds, msPerStep, computeMs, allReduceMs,
                Math.Max(0, msPerStep - computeMs - allReduceMs),
                group.BytesSent - bytesSent, group.BytesReceived - bytesReceived,
                metrics[0], metrics[1], group.Rank, group.WorldSize, Environment.MachineName, threads, DateTimeOffset.UtcNow);
            epochRecords.Add(record);
            records.Write(record);
            log(ProgressLine.Format(record));

            if (_isChief && options.CheckpointDirectory is not null)
            {
                var path = CheckpointFile.Write(options.CheckpointDirectory, StartingPoint.Capture(epoch, named, optimizer, config, configHash));
                log($"checkpoint: {path}");
                CheckpointFile.Prune(options.CheckpointDirectory, options.KeepCheckpoints);
            }
        }

        var totalSeconds = total.Elapsed.TotalSeconds;
        DateTimeOffset? lastStep = firstStep is null ? null : DateTimeOffset.UtcNow;
        var hash = WeightsHash.Of(parameters);
        (double Loss, double Accuracy)? testMetrics = test is null ? null : Evaluation.Run(model, test, group);
        // The contract: the chief reports the test metrics, the other ranks null (results/README.md).
        testMetrics = _isChief ? testMetrics : null;
        var final = new FinalRecord(
            options.Epochs, totalSeconds, timeToFirstStep, testMetrics?.Loss, testMetrics?.Accuracy, hash,
            group.Rank, group.WorldSize, Environment.MachineName, threads, DateTimeOffset.UtcNow,
            new DateTimeOffset(processStart, TimeSpan.Zero), ringFormedUtc, firstStep, lastStep);
        records.Write(final);
        log($"done: {totalSeconds:0.0}s, weights {hash}" + (testMetrics is { } m ? $", test loss: {m.Loss:0.0000} - test accuracy: {m.Accuracy:0.0000}" : ""));
        return new TrainingOutcome(hash, final, epochRecords, [.. parameters.SelectMany(p => TensorMemory.Floats(p).ToArray())]);
    }
}
