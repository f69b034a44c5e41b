using System;

namespace AutoDiff.Samples.NeuralNet
{
    /// <summary>
    /// The same gradient as <see cref="Loss.BatchGradient"/>, written by hand the way a textbook
    /// derives it (backpropagation through softmax, the dense layers and tanh): the baseline the
    /// woven gradient is timed against, and checked against.
    /// </summary>
    public sealed class ManualGradient
    {
        private readonly double[] _hidden1, _hidden2, _scores, _dScores, _dHidden1, _dHidden2;

        public ManualGradient(Network shape)
        {
            _hidden1 = new double[shape.Hidden];
            _hidden2 = new double[shape.Hidden];
            _scores = new double[shape.Classes];
            _dScores = new double[shape.Classes];
            _dHidden1 = new double[shape.Hidden];
            _dHidden2 = new double[shape.Hidden];
        }

        /// <summary>Adds ∂loss/∂weight into <paramref name="gradient"/> and returns the loss, as the woven derivative does.</summary>
        public double Batch(Network net, Network gradient, double[][] inputs, int[] labels, int[] order, int start, int count)
        {
            double total = 0, scale = 1.0 / count;
            for (int n = start; n < start + count; n++)
            {
                int sample = order[n];
                double[] x = inputs[sample];
                Layers.Forward(net, x, _hidden1, _hidden2, _scores);

                // Softmax cross-entropy: ∂/∂score = softmax − onehot(label).
                double max = _scores[0];
                for (int c = 1; c < _scores.Length; c++) max = Math.Max(max, _scores[c]);
                double sum = 0;
                for (int c = 0; c < _scores.Length; c++) sum += _dScores[c] = Math.Exp(_scores[c] - max);
                total += Math.Log(sum) + max - _scores[labels[sample]];
                for (int c = 0; c < _scores.Length; c++) _dScores[c] = _dScores[c] / sum * scale;
                _dScores[labels[sample]] -= scale;

                Backward(net.W3, gradient.W3, gradient.B3, _hidden2, _dScores, _dHidden2);
                TanhBackward(_hidden2, _dHidden2);
                Backward(net.W2, gradient.W2, gradient.B2, _hidden1, _dHidden2, _dHidden1);
                TanhBackward(_hidden1, _dHidden1);
                Backward(net.W1, gradient.W1, gradient.B1, x, _dHidden1, null);
            }
            return total * scale;
        }

        /// <summary>Through output = W·input + b: dW += dOutput·inputᵀ, db += dOutput, dInput = Wᵀ·dOutput.</summary>
        private static void Backward(double[,] w, double[,] dw, double[] db, double[] input, double[] dOutput, double[]? dInput)
        {
            if (dInput != null) Array.Clear(dInput);
            for (int o = 0; o < dOutput.Length; o++)
            {
                double d = dOutput[o];
                db[o] += d;
                for (int i = 0; i < input.Length; i++)
                {
                    dw[o, i] += d * input[i];
                    if (dInput != null) dInput[i] += w[o, i] * d;
                }
            }
        }

        /// <summary>Through y = tanh(x), given y: dx = (1 − y²)·dy, in place.</summary>
        private static void TanhBackward(double[] y, double[] dy)
        {
            for (int k = 0; k < y.Length; k++) dy[k] *= 1 - y[k] * y[k];
        }
    }
}
