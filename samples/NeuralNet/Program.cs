using System;
using System.Globalization;
using System.IO;
using AutoDiff.Samples.NeuralNet;

// Train a small multilayer perceptron on three interleaved spirals with Adam, the gradient of
// the softmax cross-entropy with respect to every weight woven; then train the same network
// again with a hand-written backward pass, and compare the two.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var data = Example.Data();
var initial = Example.InitialNetwork();
Console.WriteLine($"{data.Count} points on {data.Classes} spirals; network 2 → {initial.Hidden} → {initial.Hidden} → {data.Classes} (tanh), {initial.ParameterCount} weights; " +
                  $"Adam, batches of {Example.BatchSize}, {Example.Epochs} epochs");
Console.WriteLine($"  before training: accuracy {Training.Accuracy(initial, data):P1}, loss {Training.MeanLoss(initial, data):F4}");

var woven = initial.Clone();
var wovenRun = Training.Train(woven, data, Training.Woven, Example.Epochs, Example.BatchSize, Example.LearningRate, Example.ShuffleSeed);
Console.WriteLine($"  after training:  accuracy {Training.Accuracy(woven, data):P1}, loss {Training.MeanLoss(woven, data):F4}");

var manual = initial.Clone();
var manualRun = Training.Train(manual, data, new ManualGradient(manual).Batch, Example.Epochs, Example.BatchSize, Example.LearningRate, Example.ShuffleSeed);
Console.WriteLine($"The same training with the hand-written backward pass ends with weights {woven.MaxDifference(manual):E1} at most from the woven run's.");
Console.WriteLine($"Time per epoch (median): woven gradient {wovenRun.MedianEpochMilliseconds:F2} ms, hand-written {manualRun.MedianEpochMilliseconds:F2} ms " +
                  $"({wovenRun.MedianEpochMilliseconds / manualRun.MedianEpochMilliseconds:F2}×)");

string chart = Path.GetFullPath(args.Length > 0 ? args[0] : "neural-net.png");
TrainingChart.Write(woven, data, wovenRun, chart);
Console.WriteLine($"Chart: {chart}");
