/* version.h -- the toolkit's version and the JSON schema's name. */
#ifndef BC_VERSION_H
#define BC_VERSION_H

#define BC_VERSION "0.1.0"
#define BC_SCHEMA "boundcheck.result/1"

#endif
