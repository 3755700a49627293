/**
 * Small network building blocks on DJL NDArrays, shared by the models: weights by name
 * ({@link io.rvcbeam.nn.Parameters}, weight-norm folding), ops DJL's PyTorch engine lacks
 * ({@link io.rvcbeam.nn.ReflectPad}) and constant tables ({@link io.rvcbeam.nn.MelFilterBank}).
 */
package io.rvcbeam.nn;
