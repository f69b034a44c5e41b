using System;

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>The forward pass, layer by layer, shared by the loss, the predictions and the hand-written backward pass.</summary>
    public static class Layers
    {
        /// <summary>output = W·input + b.</summary>
        public static void Dense(double[,] w, double[] b, double[] input, double[] output)
        {
            for (int o = 0; o < output.Length; o++)
            {
                double sum = b[o];
                for (int i = 0; i < input.Length; i++) sum += w[o, i] * input[i];
                output[o] = sum;
            }
        }

        public static void Tanh(double[] values)
        {
            for (int k = 0; k < values.Length; k++) values[k] = Math.Tanh(values[k]);
        }

        /// <summary>−log softmax(scores)[label], with the largest score taken out first so exp cannot overflow.</summary>
        public static double CrossEntropy(double[] scores, int label)
        {
            double max = scores[0];
            for (int c = 1; c < scores.Length; c++) max = Math.Max(max, scores[c]);
            double sum = 0;
            for (int c = 0; c < scores.Length; c++) sum += Math.Exp(scores[c] - max);
            return Math.Log(sum) + max - scores[label];
        }

        /// <summary>Both hidden layers and the class scores of one input.</summary>
        public static void Forward(Network net, double[] input, double[] hidden1, double[] hidden2, double[] scores)
        {
            Dense(net.W1, net.B1, input, hidden1);
            Tanh(hidden1);
            Dense(net.W2, net.B2, hidden1, hidden2);
            Tanh(hidden2);
            Dense(net.W3, net.B3, hidden2, scores);
        }
    }
}
